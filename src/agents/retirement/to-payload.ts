import type { RetirementPayload } from '../../contracts/payloads.ts';
import {
  cashFlowsJson,
  cashRealMoments,
  incomeJson,
  longevityJson,
  taxesJson,
  TAXES_NOT_MODELLED,
  type Percentiles,
  type RiskyAssetClass,
  type SimulatedAssetClass,
} from '../../core/index.ts';
import type { HorizonSource, Projection } from './projection.ts';
import { ASSUMED_RETIREMENT_AGE } from './retirement-plan.ts';
import type { RetirementNarrative } from './schema.ts';

/** The analysis markdown: the narrative's passages under fixed headings. */
export function narrativeMarkdown(narrative: RetirementNarrative): string {
  return [
    '## Retirement readiness',
    narrative.readiness.trim(),
    '## Main risks',
    narrative.risks.trim(),
    '## Levers that matter',
    narrative.levers.trim(),
    '## What this leaves out',
    narrative.limitations.trim(),
  ].join('\n\n');
}

/** Each source of the plan's end as the payload's assumptions state it (`horizon_source`). */
const HORIZON_SOURCE_WORDS: Record<HorizonSource, string> = {
  'profile-plan-to-age': "the profile's plan_to_age",
  'life-table':
    "the default, as the profile sets no plan_to_age: the oldest age reached with 10% probability under SSA's period life table",
  'run-retirement-years': 'the years of retirement given for this run',
  'fixed-without-age': '30 years: no age to read the life table from',
};

/** The snake_case wire shape of DESIGN.md "Payload contracts" (not yet schema-checked). */
export function toRetirementPayload(
  projection: Projection,
  analysis: string,
  model: string,
  generatedAt: Date,
): RetirementPayload {
  const { result } = projection;
  return {
    analysis,
    generated_at: generatedAt.toISOString(),
    agent: 'retirement',
    model,
    assumptions: assumptionsOf(projection),
    results: {
      success_probability: projection.successPct,
      success_definition: result.successDefinition,
      success_standard_error: projection.successUncertainty?.standardErrorPoints ?? null,
      success_interval_95: projection.successUncertainty?.interval95Pct ?? null,
      income: incomeJson(result.income),
      simulations: result.paths,
      seed: result.seed,
      median_at_retirement: projection.atRetirement.p50,
      mean_at_retirement: projection.meanAtRetirementUsd,
      percentiles_at_retirement: { ...projection.atRetirement },
      percentiles_at_end: { ...projection.atEnd },
      depletion_age_histogram: projection.depletion.histogram.map((bucket) => ({
        age: bucket.age,
        retirement_year: bucket.retirementYear,
        count: bucket.count,
      })),
      paths_depleted: projection.depletion.pathsDepleted,
      sustainable_spending_at_90pct: projection.sustainableSpendingUsd,
      sustainable_withdrawal_rate_pct: projection.sustainableRatePct,
      capital_needed_at_90pct: projection.capitalNeededUsd,
      // Issue 16: the plan's horizon from SSA's life table and the chance of ruin while alive.
      longevity: longevityJson(result.longevity),
      ...(result.startYears
        ? {
            start_years: { first: result.startYears[0], last: result.startYears.at(-1) },
            worst_start_years: result.worstStartYears?.map((entry) => ({
              start_year: entry.retirementStartYear,
              saving_start_year: entry.pathStartYear,
              max_withdrawal_rate_pct: Math.round(entry.withdrawalRate * 10_000) / 100,
            })),
          }
        : {}),
    },
    series: projection.series.map((row) => ({
      age: row.age,
      year: row.year,
      phase: row.phase,
      ...percentileColumns(row),
    })),
    levers: projection.levers.map((lever) => ({
      lever: lever.lever,
      change: lever.change,
      success_probability: lever.successPct,
      success_change_points: lever.changePoints,
    })),
  };
}

function percentileColumns(row: Percentiles) {
  return { p10: row.p10, p25: row.p25, p50: row.p50, p75: row.p75, p90: row.p90 };
}

function assumptionsOf(projection: Projection): Record<string, unknown> {
  const { plan } = projection;
  const options = plan.simulation;
  const allocationPct = Object.fromEntries(
    (Object.entries(options.allocation) as Array<[SimulatedAssetClass, number]>).map(
      ([key, fraction]) => [key, Math.round(fraction * 10_000) / 100],
    ),
  );
  const parametric = plan.expectedReturnPct !== null;
  return {
    amounts: options.taxes
      ? "today's dollars (real); spending after federal tax on tax-deferred withdrawals"
      : "today's dollars (real, before taxes)",
    model: options.model,
    simulations: projection.result.paths,
    seed: options.seed,
    seed_source: plan.seedSource,
    returns: {
      source: plan.returnSource,
      ...(parametric
        ? {
            expected_return_pct: plan.expectedReturnPct,
            volatility_pct: plan.volatilityPct,
            by_asset_class: assetReturnsPct(projection),
          }
        : { years: plan.historicalYears }),
    },
    inflation_pct:
      plan.inflationPct === null
        ? 'historical CPI of each path'
        : Math.round(plan.inflationPct * 100) / 100,
    strategy: options.strategy,
    inflation_adjusted_spending: options.inflationAdjusted,
    withdrawal_timing: `${options.withdrawalTiming} of each retirement year`,
    contribution_timing: 'end of each working year, rising with inflation',
    rebalancing: 'yearly, to the allocation below',
    allocation_pct: allocationPct,
    allocation_notes: plan.allocationNotes,
    balance_usd: options.balanceUsd,
    balance_source: 'portfolio total value: priced positions plus cash',
    annual_contribution_usd: options.annualContributionUsd,
    years_to_retirement: options.yearsToRetirement,
    retirement_years: options.retirementYears,
    current_age: plan.currentAge,
    current_age_source:
      plan.ageSource === 'profile'
        ? 'profile'
        : `assumed: the profile has no age, so retirement is placed at ${ASSUMED_RETIREMENT_AGE}`,
    retirement_age: plan.retirementAge,
    end_age: plan.endAge,
    horizon_source: HORIZON_SOURCE_WORDS[plan.horizonSource],
    target_spending_usd: options.spending.kind === 'amount' ? options.spending.annualUsd : null,
    target_success_pct: (options.targetSuccess ?? 0.9) * 100,
    excluded_positions: plan.excluded.map((position) => ({
      account_id: position.accountId,
      symbol: position.symbol,
      quantity: position.quantity,
      reason: position.reason,
    })),
    exclusions:
      plan.excluded.length > 0
        ? 'positions without a price are not in the balance'
        : 'no positions excluded',
    income_streams: cashFlowsJson(options),
    taxes: taxesJson(options, projection.result),
    ...(plan.taxesLeftOut === null ? {} : { taxes_left_out: plan.taxesLeftOut }),
    not_modelled: [
      ...(options.taxes ? TAXES_NOT_MODELLED : ['taxes']),
      options.cashFlows?.length
        ? 'income and expenses not entered in the profile'
        : 'Social Security, pensions and other income (none in the profile)',
      'fund fees',
    ],
  };
}

/** Real (after-inflation) arithmetic means and volatilities; cash at its account rate. */
function assetReturnsPct(projection: Projection): Record<string, unknown> {
  const options = projection.plan.simulation;
  const assumptions = options.assumptions;
  if (!assumptions) return {};
  const inflation = {
    meanReturn: options.inflationRate,
    volatility: assumptions.inflation.volatility,
  };
  return Object.fromEntries(
    Object.keys(options.allocation).map((key) => {
      const asset =
        key === 'cash'
          ? cashRealMoments(options.cashInterestRate ?? 0, inflation)
          : assumptions.assets[key as RiskyAssetClass];
      return [
        key,
        {
          mean_return_pct: Math.round(asset.meanReturn * 10_000) / 100,
          volatility_pct: Math.round(asset.volatility * 10_000) / 100,
        },
      ];
    }),
  );
}
