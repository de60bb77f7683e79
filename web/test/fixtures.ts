import type { z } from 'zod';
import {
  apiAccountSchema,
  apiInstrumentSchema,
  apiJobListItemSchema,
  apiJobSchema,
  apiPositionSchema,
  apiUserSchema,
  jobListSchema,
  portfolioAnalyticsSchema,
  simulateResponseSchema,
} from '../../src/contracts/api.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from '../../src/contracts/payloads.ts';
import { xrayResponseSchema } from '../../src/contracts/xray.ts';

// Small, readable answers of the API, each parsed by its contract schema when built. The
// figures are test data chosen to be easy to check by eye, not market data.

export const AT = '2026-12-04T10:00:00.000Z';
export const USER_ID = '0b6c9a52-0000-4000-8000-000000000001';
export const JOB_ID = '0b6c9a52-1111-4222-8333-444455556666';
export const OTHER_JOB_ID = '0b6c9a52-1111-4222-8333-444455557777';

/** Parses `value` with the contract: a fixture that drifts fails where it is built. */
function contract<Schema extends z.ZodType>(
  schema: Schema,
  value: z.input<Schema>,
): z.output<Schema> {
  return schema.parse(value);
}

export function user(changes: Partial<z.input<typeof apiUserSchema>> = {}) {
  return contract(apiUserSchema, {
    id: USER_ID,
    clerk_user_id: 'local',
    display_name: 'Demo User',
    birth_year: null,
    sex: null,
    plan_to_age: null,
    years_until_retirement: 20,
    target_retirement_income: 60_000,
    annual_contribution: 12_000,
    asset_class_targets: { equity: 70, fixed_income: 30 },
    region_targets: { north_america: 60, international: 40 },
    income_plan: { spouse_birth_year: null, streams: [] },
    xray_thresholds: {},
    tax_plan: {
      filing_status: 'single',
      withdrawal_order: 'taxable_first',
      tax_deferred_rate: null,
    },
    created_at: AT,
    updated_at: AT,
    ...changes,
  });
}

export function account(id: string, name: string, cashBalance = 1_000) {
  return contract(apiAccountSchema, {
    id,
    clerk_user_id: 'local',
    account_name: name,
    account_purpose: null,
    account_type: 'taxable',
    cash_balance: cashBalance,
    cash_interest: 0,
    created_at: AT,
    updated_at: AT,
  });
}

export function instrument(symbol: string, name: string, price: number | null) {
  return contract(apiInstrumentSchema, {
    symbol,
    name,
    instrument_type: 'etf',
    current_price: price,
    price_source: price === null ? null : 'seed',
    price_as_of: price === null ? null : AT,
    allocation_asset_class: { equity: 100 },
    allocation_regions: { north_america: 100 },
    allocation_sectors: { technology: 100 },
    classification_source: 'reference',
  });
}

export function position(
  id: string,
  accountId: string,
  symbol: string,
  quantity: number,
  price: number,
) {
  return contract(apiPositionSchema, {
    id,
    account_id: accountId,
    symbol,
    quantity,
    current_price: price,
    unknown_symbol: false,
    instrument: instrument(symbol, `${symbol} fund`, price),
    created_at: AT,
    updated_at: AT,
  });
}

export const report = contract(reportPayloadSchema, {
  content: '# Portfolio report\n\n## Executive Summary\n\nWorth **$25,000** in two funds.',
  generated_at: AT,
  agent: 'reporter',
  model: 'offline',
  fact_check: { figures: 3, mismatches: [] },
  sources: [],
});

function pie(title: string, points: Array<[string, number]>) {
  return {
    title,
    type: 'pie' as const,
    description: '',
    data: points.map(([name, value]) => ({ name, value, color: '#2563eb' })),
    total: points.reduce((sum, [, value]) => sum + value, 0),
  };
}

export const charts = contract(chartsPayloadSchema, {
  by_holding: pie('By holding', [
    ['VTI', 20_000],
    ['BND', 5_000],
  ]),
  by_account: pie('By account', [['Brokerage', 25_000]]),
  by_asset_class: pie('By asset class', [
    ['Equity', 20_000],
    ['Fixed income', 5_000],
  ]),
  by_region: pie('By region', [['North America', 25_000]]),
});

const percentiles = { p10: 100_000, p25: 200_000, p50: 300_000, p75: 400_000, p90: 500_000 };

export const retirement = contract(retirementPayloadSchema, {
  analysis: 'On track with a 81.5% chance.',
  generated_at: AT,
  agent: 'retirement',
  model: 'offline',
  assumptions: {},
  results: {
    success_probability: 81.5,
    success_standard_error: 0.5,
    simulations: 1000,
    seed: 1,
    median_at_retirement: 300_000,
    percentiles_at_retirement: percentiles,
    percentiles_at_end: percentiles,
    depletion_age_histogram: [{ age: 88, count: 185 }],
    sustainable_spending_at_90pct: 40_000,
  },
  series: [
    { age: 60, year: 2046, ...percentiles },
    { age: 61, year: 2047, ...percentiles },
  ],
  levers: [{ lever: 'retire_later', change: '+2 years', success_probability: 88.2 }],
});

export const summary = contract(summaryPayloadSchema, {
  summary: 'Analysis of 2 holdings.',
  status_by_agent: {
    planner: 'completed',
    tagger: 'completed',
    reporter: 'completed',
    charter: 'completed',
    retirement: 'completed',
  },
  timings_ms: { planner: 40, tagger: 120, reporter: 900, charter: 300, retirement: 1500 },
  usage: {
    input_tokens: 6811,
    output_tokens: 900,
    cost_usd: 0.0123,
    by_agent: { reporter: { input_tokens: 3000, output_tokens: 500, cost_usd: 0.006 } },
  },
  totals: {},
});

/** The summary of a job whose planner skipped the Retirement agent, saying why. */
export function summarySkippingRetirement(skip: { reason: string; about?: 'profile' }) {
  return contract(summaryPayloadSchema, {
    ...summary,
    status_by_agent: { ...summary.status_by_agent, retirement: 'skipped' },
    routing: {
      selected: ['reporter', 'charter'],
      skipped: [{ agent: 'retirement', ...skip }],
      reason: 'No request given: every eligible specialist runs.',
    },
  });
}

export function job(changes: Partial<z.input<typeof apiJobSchema>> = {}) {
  return contract(apiJobSchema, {
    id: JOB_ID,
    clerk_user_id: 'local',
    job_type: 'portfolio_analysis',
    status: 'completed',
    partial: false,
    failed_agents: [],
    request_payload: {},
    report_payload: report,
    charts_payload: charts,
    retirement_payload: retirement,
    summary_payload: summary,
    error_message: null,
    attempts: 1,
    created_at: AT,
    started_at: AT,
    completed_at: AT,
    updated_at: AT,
    ...changes,
  });
}

/** A job as GET /api/jobs lists it: the figures of `job()` without its payloads. */
export function jobListItem(changes: Partial<z.input<typeof apiJobListItemSchema>> = {}) {
  return contract(apiJobListItemSchema, {
    id: JOB_ID,
    clerk_user_id: 'local',
    job_type: 'portfolio_analysis',
    status: 'completed',
    partial: false,
    failed_agents: [],
    error_message: null,
    attempts: 1,
    has_report: true,
    has_charts: true,
    has_retirement: true,
    cost_usd: summary.usage.cost_usd,
    retirement_headline: {
      success_probability: retirement.results.success_probability,
      success_standard_error: retirement.results.success_standard_error ?? null,
      sustainable_spending_at_90pct: retirement.results.sustainable_spending_at_90pct,
    },
    created_at: AT,
    started_at: AT,
    completed_at: AT,
    updated_at: AT,
    ...changes,
  });
}

/** GET /api/jobs: one page holding `jobs`. */
export function jobList(jobs: z.input<typeof jobListSchema>['jobs']) {
  return contract(jobListSchema, { jobs, limit: 100, offset: 0, next_offset: null });
}

const slice = (key: string, valueUsd: number, pct: number) => ({ key, value_usd: valueUsd, pct });

export const portfolioAnalytics = contract(portfolioAnalyticsSchema, {
  total_usd: 26_000,
  invested_usd: 25_000,
  cash_usd: 1_000,
  allocation: {
    asset_class: [slice('equity', 20_000, 80), slice('fixed_income', 5_000, 20)],
    region: [slice('north_america', 25_000, 100)],
    sector: [slice('technology', 25_000, 100)],
  },
  accounts: [{ ...slice('brokerage', 26_000, 100), name: 'Brokerage', type: 'taxable' }],
  top_holdings: [slice('VTI', 20_000, 80), slice('BND', 5_000, 20)],
  drift: {
    asset_class: [
      {
        key: 'equity',
        target_pct: 70,
        actual_pct: 80,
        drift_pct: 10,
        rebalance_usd: -2_500,
      },
    ],
    region: [],
  },
  fees: null,
  unpriced: [],
});

const wealth = {
  p5: 300_000,
  p10: 400_000,
  p25: 500_000,
  p50: 600_000,
  p75: 700_000,
  p90: 800_000,
  p95: 900_000,
};
const spending = { p10: 40_000, p50: 45_000, p90: 50_000 };

/** POST /api/simulate's answer (what `alex simulate --json` prints, plus portfolio_defaults). */
export function simulationResult(successPct: number) {
  return contract(simulateResponseSchema, {
    model: 'lognormal',
    seed: 1,
    simulations: 1000,
    success_probability: successPct,
    success_definition: 'paid-in-full',
    success_standard_error: 1,
    success_interval_95: { low: successPct - 2, high: successPct + 2, method: 'Wilson score' },
    income: {
      amounts: "real spending paid, today's dollars",
      floor_fraction: 0.75,
      first_year: spending,
      minimum: spending,
      minimum_ratio: { p10: 1, p50: 1, p90: 1 },
      years_below_floor: { mean: 0, p10: 0, p50: 0, p90: 0, share_of_paths_with_any: 0 },
      cuts: { mean: 0, p10: 0, p50: 0, p90: 0 },
      by_year: [{ retirement_year: 0, age: null, ...spending }],
    },
    percentiles_at_retirement: wealth,
    mean_at_retirement: 600_000,
    percentiles_at_end: wealth,
    target_success: 0.9,
    sustainable_withdrawal_rate: 0.04,
    sustainable_spending: 45_000,
    sustainable_basis: 'constant-dollar',
    sustainable_timing: 'start',
    depletion_age_histogram: [{ retirement_year: 25, age: 90, count: 100 }],
    series: [
      { year_offset: 0, age: null, phase: 'accumulation', ...wealth },
      { year_offset: 1, age: null, phase: 'retirement', ...wealth },
    ],
    levers: [],
    longevity: null,
    assumptions: {
      amounts: "today's dollars",
      balance_usd: 600_000,
      years_to_retirement: 0,
      retirement_years: 30,
      annual_contribution_usd: 0,
      spending: { kind: 'amount', annualUsd: 45_000 },
      inflation_adjusted: true,
      returns: 'REAL arithmetic annual means and volatilities (test data)',
      inflation_rate: { mean: 0.025, volatility: 0.01, kind: 'random each year (test data)' },
      cash_interest_rate: 0,
      annual_fee_rate: 0,
      expected_real_return: 0.04,
      allocation: { equity: 0.6, fixed_income: 0.4 },
      single_asset: null,
      strategy: 'constant-dollar',
      withdrawal_timing: 'start',
      spending_floor: 0.75,
      cash_flows: [],
      source: null,
    },
    taxes: null,
    portfolio_defaults: { balance: 600_000, allocation: { equity: 0.6, fixed_income: 0.4 } },
  });
}

const rule = (
  id: z.input<typeof xrayResponseSchema>['rules'][number]['id'],
  title: string,
  fields: Partial<z.input<typeof xrayResponseSchema>['rules'][number]>,
) => ({
  id,
  title,
  threshold: 50,
  threshold_from: 'default' as const,
  comparison: 'at_most' as const,
  unit: 'pct' as const,
  value: 40,
  status: 'passed' as const,
  passed: true,
  why: `${title}: test reason.`,
  ...fields,
});

/** GET /api/xray: three of the rules, one of each result (test data). */
export const xray = contract(xrayResponseSchema, {
  total_usd: 10_000,
  rules: [
    rule('emergency_fund', 'Emergency fund', {
      threshold: 3,
      comparison: 'at_least',
      unit: 'months',
      value: 1.5,
      status: 'failed',
      passed: false,
    }),
    rule('account_concentration', 'Account concentration', {
      threshold: 60,
      threshold_from: 'profile',
    }),
    rule('target_drift', 'Drift from targets', {
      unit: 'points',
      threshold: 5,
      value: null,
      status: 'not_evaluated',
      passed: null,
    }),
  ],
  exposures: {
    companies: [
      {
        name: 'AAA Corp',
        symbol: 'AAA',
        pct: 12.5,
        value_usd: 1_250,
        through: [
          { via: 'direct', pct: 10, value_usd: 1_000 },
          { via: 'FUND1', pct: 2.5, value_usd: 250 },
        ],
        lower_bound: true,
      },
    ],
    overlap: [],
    currencies: [{ key: 'usd', label: 'US dollar', currency: 'USD', value_usd: 10_000, pct: 100 }],
    looked_through: [],
    not_looked_through: [],
  },
  notes: [],
});
