import type {
  ApiAccount,
  ApiInstrument,
  ApiJob,
  ApiJobListItem,
  ApiPosition,
  ApiUnreadableJob,
  ApiUser,
  PortfolioAnalyticsResponse,
} from '../../contracts/api.ts';
import type { AgentName, JobStatus } from '../../contracts/jobs.ts';
import type { PortfolioAnalytics } from '../../core/index.ts';
import type {
  Account,
  Instrument,
  Job,
  JobListItem,
  Position,
  RetirementHeadline,
  UnreadableJob,
  User,
} from '../../store/repositories/index.ts';

// Rows as the original front end reads them: snake_case, its field names, numbers as numbers.

export function toApiUser(user: User): ApiUser {
  return {
    id: user.id,
    clerk_user_id: user.externalId ?? user.id,
    display_name: user.displayName,
    birth_year: user.birthYear,
    sex: user.sex,
    plan_to_age: user.planToAge,
    years_until_retirement: user.yearsUntilRetirement,
    target_retirement_income: user.targetRetirementIncomeUsd,
    annual_contribution: user.annualContributionUsd,
    asset_class_targets: user.assetClassTargets,
    region_targets: user.regionTargets,
    income_plan: user.incomePlan,
    xray_thresholds: user.xrayThresholds,
    tax_plan: user.taxPlan,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

export function toApiAccount(account: Account, owner: User): ApiAccount {
  return {
    id: account.id,
    clerk_user_id: owner.externalId ?? owner.id,
    account_name: account.name,
    account_purpose: account.purpose,
    account_type: account.type,
    cash_balance: account.cashUsd,
    cash_interest: account.cashInterestPct,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

export function toApiInstrument(instrument: Instrument): ApiInstrument {
  return {
    symbol: instrument.symbol,
    name: instrument.name,
    instrument_type: instrument.instrumentType,
    current_price: instrument.priceUsd,
    price_source: instrument.priceSource,
    price_as_of: instrument.priceAsOf,
    allocation_asset_class: instrument.assetClass,
    allocation_regions: instrument.regions,
    allocation_sectors: instrument.sectors,
    classification_source: instrument.classificationSource,
  };
}

export function toApiPosition(position: Position, instrument: Instrument | undefined): ApiPosition {
  return {
    id: position.id,
    account_id: position.accountId,
    symbol: position.symbol,
    quantity: position.quantity,
    current_price: instrument?.priceUsd ?? null,
    unknown_symbol:
      !instrument || (instrument.priceUsd === null && instrument.classificationSource === null),
    instrument: instrument ? toApiInstrument(instrument) : null,
    created_at: position.createdAt,
    updated_at: position.updatedAt,
  };
}

/** The agents a job's summary records as failed. */
function failedAgentsOf(statusByAgent: Partial<Record<AgentName, string>> | undefined) {
  return Object.entries(statusByAgent ?? {})
    .filter(([, status]) => status === 'failed')
    .map(([agent]) => agent as AgentName);
}

/** A job's status as the original pages read it (see toApiJob). */
function statusAsOriginalPagesRead(
  status: JobStatus,
  statusByAgent: Partial<Record<AgentName, string>> | undefined,
) {
  return {
    status: status === 'partial' ? ('completed' as const) : status,
    partial: status === 'partial',
    failed_agents: failedAgentsOf(statusByAgent),
  };
}

/** A listed job's retirement headline in the payloads' field names (GET /api/jobs, jobs list). */
export function retirementHeadlineWire(
  headline: RetirementHeadline | null,
): ApiJobListItem['retirement_headline'] {
  return (
    headline && {
      success_probability: headline.successProbability,
      success_standard_error: headline.successStandardError,
      sustainable_spending_at_90pct: headline.sustainableSpendingAt90pct,
    }
  );
}

/**
 * A job as the original pages read it. A partial job (some specialists failed, the others'
 * results kept) reads `completed` with `partial: true` and the failed agents named: the
 * original advisor page polls until `completed` or `failed` and would never stop on `partial`.
 */
export function toApiJob(job: Job, owner: User): ApiJob {
  return {
    id: job.id,
    clerk_user_id: owner.externalId ?? owner.id,
    job_type: job.type,
    ...statusAsOriginalPagesRead(job.status, job.summaryPayload?.status_by_agent),
    request_payload: { ...job.request },
    report_payload: job.reportPayload,
    charts_payload: job.chartsPayload,
    retirement_payload: job.retirementPayload,
    summary_payload: job.summaryPayload,
    error_message: job.error,
    attempts: job.attempts,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    updated_at: job.updatedAt,
  };
}

/** A job as GET /api/jobs lists it: statuses read as in toApiJob, no payloads. */
export function toApiJobListItem(job: JobListItem, owner: User): ApiJobListItem {
  return {
    id: job.id,
    clerk_user_id: owner.externalId ?? owner.id,
    job_type: job.type,
    ...statusAsOriginalPagesRead(job.status, job.statusByAgent ?? undefined),
    error_message: job.error,
    attempts: job.attempts,
    has_report: job.hasReport,
    has_charts: job.hasCharts,
    has_retirement: job.hasRetirement,
    cost_usd: job.costUsd,
    retirement_headline: retirementHeadlineWire(job.retirementHeadline),
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    updated_at: job.updatedAt,
  };
}

export function toApiJobListEntry(
  job: JobListItem | UnreadableJob,
  owner: User,
): ApiJobListItem | ApiUnreadableJob {
  if ('unreadable' in job) {
    return {
      id: job.id,
      status: job.status,
      unreadable: true as const,
      error_message: job.problem,
      created_at: job.createdAt,
    };
  }
  return toApiJobListItem(job, owner);
}

const slice = (item: { key: string; valueUsd: number; pct: number }) => ({
  key: item.key,
  value_usd: item.valueUsd,
  pct: item.pct,
});

const drift = (entry: PortfolioAnalytics['drift']['assetClass'][number]) => ({
  key: entry.key,
  target_pct: entry.targetPct,
  actual_pct: entry.actualPct,
  drift_pct: entry.driftPct,
  rebalance_usd: entry.rebalanceUsd,
});

export function toApiAnalytics(analytics: PortfolioAnalytics): PortfolioAnalyticsResponse {
  return {
    total_usd: analytics.total.valueUsd,
    invested_usd: analytics.invested.valueUsd,
    cash_usd: analytics.cash.valueUsd,
    allocation: {
      asset_class: analytics.allocation.assetClass.map(slice),
      region: analytics.allocation.region.map(slice),
      sector: analytics.allocation.sector.map(slice),
    },
    accounts: analytics.accounts.map((account) => ({
      ...slice(account),
      name: account.name,
      type: account.type,
    })),
    top_holdings: analytics.topHoldings.map(slice),
    drift: {
      asset_class: analytics.drift.assetClass.map(drift),
      region: analytics.drift.region.map(drift),
    },
    fees: analytics.fees
      ? {
          weighted_expense_ratio_pct: analytics.fees.weightedExpenseRatioPct,
          annual_fees_usd: analytics.fees.annualFeesUsd,
          covered_pct: analytics.fees.coveredPct,
        }
      : null,
    unpriced: analytics.unpriced.map((position) => ({
      account_id: position.accountId,
      symbol: position.symbol,
      quantity: position.quantity,
      reason: position.reason,
    })),
  };
}
