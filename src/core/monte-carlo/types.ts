import type {
  CapitalMarketAssumptions,
  SimulatedAssetClass,
} from './capital-market-assumptions.ts';
import type { Sex } from './life-table.ts';
import {
  RETURN_MODELS,
  WITHDRAWAL_STRATEGIES,
  WITHDRAWAL_TIMINGS,
} from '../../contracts/simulation.ts';
import { WITHDRAWAL_ORDERS } from '../../contracts/tax-plan.ts';

// Named in the wire contract, which the JSON must match; the engine uses the same lists.
export { RETURN_MODELS, WITHDRAWAL_STRATEGIES, WITHDRAWAL_TIMINGS };
export type ReturnModel = (typeof RETURN_MODELS)[number];

export type WithdrawalStrategy = (typeof WITHDRAWAL_STRATEGIES)[number];

/**
 * When each year's withdrawal is paid (withdrawal-timing.ts has the definitions): `start` on the
 * first day of the year, `end` on the last day at its full real value, `bengen` on the last day
 * in the dollars of the year's first day (Bengen 1994: the first withdrawal, rate x W0, is paid at
 * the end of year 1, each later one is the previous raised by the CPI of the year before).
 */
export type WithdrawalTiming = (typeof WITHDRAWAL_TIMINGS)[number];

/** One calendar year of US returns (fractions), as in data/us-annual-returns-1928-2025.csv. */
export interface AnnualReturnRow {
  year: number;
  /** S&P 500 total return. */
  sp500: number;
  /** 10-year US Treasury bond total return. */
  tbond10: number;
  /** 3-month Treasury bill return. */
  tbill: number;
  /** CPI inflation. */
  cpi: number;
}

/** First-year retirement spending: a fixed amount in today's dollars, or a share of the balance. */
export type SpendingRule =
  { kind: 'amount'; annualUsd: number } | { kind: 'rate'; withdrawalRate: number };

export interface SimulationOptions {
  seed: number;
  /** Number of paths for the sampling models; `historical` uses one path per start year. */
  simulations: number;
  model: ReturnModel;
  /** Fractions of the portfolio per asset class, summing to 1; rebalanced every year. */
  allocation: Partial<Record<SimulatedAssetClass, number>>;
  /** Overrides the default (real-terms) capital-market assumptions (parametric models). */
  assumptions?: CapitalMarketAssumptions;
  /**
   * Replaces the allocation by one asset with this NOMINAL arithmetic mean and volatility,
   * deflated by a fixed `inflationRate` (the textbook setting of the closed forms).
   */
  singleAsset?: { meanReturn: number; volatility: number };
  /** When known, ages label the series and the depletion histogram. */
  currentAgeYears?: number;
  yearsToRetirement: number;
  retirementYears: number;
  /** Today's balance. */
  balanceUsd: number;
  /** Saved at the end of each year before retirement, in today's dollars (grows with inflation). */
  annualContributionUsd: number;
  spending: SpendingRule;
  /**
   * When false, every withdrawal is the same nominal amount (the first-year spending in dollars
   * of the retirement date). Only the constant-dollar strategy has a fixed-nominal form; the
   * others are defined in real terms.
   */
  inflationAdjusted: boolean;
  /**
   * Mean of the random annual inflation of the parametric models (fraction); it moves nominal
   * figures (fixed nominal withdrawals, cash) and leaves real returns alone. Fixed inflation for
   * `singleAsset`; the historical models use the CPI of each year.
   */
  inflationRate: number;
  /** Nominal interest the `cash` class earns (fraction, default 0), in every model. */
  cashInterestRate?: number;
  /** The portfolio's weighted expense ratio (fraction, default 0), taken every year. */
  annualFeeRate?: number;
  strategy: WithdrawalStrategy;
  withdrawalTiming: WithdrawalTiming;
  /** Required by `historical` and `bootstrap`. */
  historicalReturns?: readonly AnnualReturnRow[];
  /** Block length of the block bootstrap, in years. */
  bootstrapBlockYears?: number;
  /** Success probability (0-1) at which sustainable spending is quoted. */
  targetSuccess?: number;
  /**
   * Lowest acceptable real spending as a fraction of the first year's (default 0.75): variable
   * strategies fail a path whose spending falls below it; every strategy counts years below it.
   */
  spendingFloor?: number;
  /**
   * Income and expenses beside the portfolio (cash-flows.ts), by age: they need
   * `currentAgeYears`. In retirement they are paid on the withdrawal's day and reduce (or, above
   * spending, add to) what the portfolio pays; before retirement they are added to the year's
   * saving. Constant-dollar spending only.
   */
  cashFlows?: readonly CashFlowStream[];
  /**
   * Survival from today under a life table (longevity.ts), for the chance of running out while
   * alive; needs `currentAgeYears`, the same age. The horizon itself is still retirementYears.
   */
  longevity?: LongevityBasis;
  /**
   * Taxes (tax-buckets.ts): the balance by tax treatment, the withdrawal order, the flat rate on
   * tax-deferred withdrawals and RMDs. Without it the balance is one pool and nothing is taxed.
   * Constant-dollar spending only; RMDs need `currentAgeYears`.
   */
  taxes?: TaxOptions;
}

export { WITHDRAWAL_ORDERS };
/**
 * `taxable_first`: taxable, then tax-deferred, then tax-free. `proportional`: the same share of
 * every bucket each year.
 */
export type WithdrawalOrder = (typeof WITHDRAWAL_ORDERS)[number];

export interface TaxOptions {
  /** Shares of the balance (and of each year's saving) by tax treatment, summing to 1. */
  shares: { taxable: number; taxDeferred: number; taxFree: number };
  order: WithdrawalOrder;
  /** Flat effective rate (fraction) on tax-deferred withdrawals, RMDs included. */
  taxDeferredRate: number;
  /** Age RMDs start (required-distributions.ts rmdStartAge); null without tax-deferred money. */
  rmdStartAge: number | null;
  /** Where the rate comes from, in words (shown with the results; the engine does not read it). */
  rateSource: string;
}

// Income and expenses over time beside the portfolio (cash-flows.ts has the schedule).
export const CASH_FLOW_KINDS = ['social_security', 'pension', 'income', 'expense'] as const;
export type CashFlowKind = (typeof CASH_FLOW_KINDS)[number];

/** One stream of money in or out, by the age of the person the plan is for. */
export interface CashFlowStream {
  kind: CashFlowKind;
  /** Whose stream it is: the user's, or a spouse's (its ages already moved to the user's). */
  person: 'self' | 'spouse';
  /** The user's age in the first year it is paid (whole years). */
  startAge: number;
  /** Years it lasts; null: to the end of the plan. */
  years: number | null;
  /**
   * Paid each year, always positive (an expense's sign comes from its kind). Inflation-indexed
   * streams give it in today's dollars; fixed-nominal ones in the dollars actually paid, the
   * same every year, so its real value falls with the simulated inflation.
   */
  annualUsd: number;
  inflationIndexed: boolean;
  /** Social Security only: the claiming age in the person's own years (62-70). */
  claimingAge?: number;
  /** Where the figure comes from, when it is stated (e.g. an illustrative assumption). */
  note?: string;
}

export const PERCENTILE_KEYS = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];
export type Percentiles = Record<PercentileKey, number>;

export interface SeriesPoint extends Percentiles {
  /** Years from today (0 = now). */
  yearOffset: number;
  age: number | null;
  phase: 'accumulation' | 'retirement';
}

export interface SimulationResult {
  model: ReturnModel;
  /** Number of simulated paths (start years for `historical`). */
  paths: number;
  /** First calendar year of each path, for `historical`. */
  startYears: number[] | null;
  seed: number;
  /** What success means for this strategy (see `successDefinitionOf`). */
  successDefinition: SuccessDefinition;
  /** Share of paths (0-1) that succeeded. */
  successProbability: number;
  /**
   * Binomial standard error of the success probability (fraction), and its 95% Wilson score
   * interval; null for `historical`, whose overlapping windows are not independent draws.
   */
  successStandardError: number | null;
  successInterval95: { low: number; high: number } | null;
  /** `historical` only: the windows used, all overlapping, and the data they come from. */
  historicalWindows: HistoricalWindows | null;
  /** What a person would live on, in today's dollars, for every strategy. */
  income: IncomeMetrics;
  /** All amounts are in today's dollars (deflated by each path's own inflation). */
  percentilesAtRetirement: Percentiles;
  meanAtRetirement: number;
  percentilesAtEnd: Percentiles;
  /** Wealth percentiles at the start of each year, then after the last year. */
  series: SeriesPoint[];
  /**
   * Paths that ran out, by the retirement year (0-based) whose withdrawal could not be paid in
   * full; `age` is the age on the day that payment was due (a year later for end-of-year timings).
   */
  depletionHistogram: Array<{ retirementYear: number; age: number | null; count: number }>;
  sustainable: SustainableSpending;
  /** With taxes: the split, the tax paid and the RMDs across paths; null without. */
  taxes: TaxOutcome | null;
  /** The worst historical periods (historical model only), most binding first. */
  worstStartYears: Array<{
    /** First calendar year of retirement. */
    retirementStartYear: number;
    /** First calendar year of the path (saving starts here when there are years to retirement). */
    pathStartYear: number;
    withdrawalRate: number;
  }> | null;
  /** With `options.longevity`: the horizon's survival and the chance of ruin while alive. */
  longevity: LongevityResult | null;
}

/**
 * `paid-in-full`: every withdrawal was paid (Trinity study). `above-floor`: additionally, real
 * spending never fell below the floor (a fraction of the first year's), which is what can go wrong
 * with a strategy that cuts spending instead of running out.
 */
export type SuccessDefinition = 'paid-in-full' | 'above-floor';

export interface HistoricalWindows {
  count: number;
  /** Length of each window in years. */
  years: number;
  /** Calendar years of data the windows are cut from. */
  dataYears: number;
}

export type IncomePercentiles = Pick<Percentiles, 'p10' | 'p50' | 'p90'>;

/** Real spending actually paid (today's dollars), across paths. */
export interface IncomeMetrics {
  /** Floor as a fraction of the first year's real spending. */
  floorFraction: number;
  /** First-year spending. */
  firstYear: IncomePercentiles;
  /** Spending in each retirement year; `age` as for the depletion histogram. */
  byYear: Array<IncomePercentiles & { retirementYear: number; age: number | null }>;
  /** The lowest spending along each path. */
  minimum: IncomePercentiles;
  /** The same as a fraction of that path's first-year spending. */
  minimumRatio: IncomePercentiles;
  /** Years whose spending was below the floor, per path. */
  yearsBelowFloor: IncomePercentiles & { mean: number; shareOfPathsWithAny: number };
  /** Years whose real spending was lower than the year before, per path. */
  cuts: IncomePercentiles & { mean: number };
}

export interface SustainableSpending {
  targetSuccess: number;
  /**
   * First-year withdrawal as a share of the balance at retirement (at target 1 on the historical
   * model: the SAFEMAX of the run's timing convention; Bengen's own with timing `bengen`).
   */
  withdrawalRate: number;
  /** First-year spending in today's dollars that succeeds with the target probability. */
  spendingUsd: number;
  /**
   * Always quoted for constant-dollar withdrawals, whatever the strategy: inflation-adjusted
   * (`constant-dollar`) or the same nominal amount every year (`fixed-nominal`).
   */
  basis: 'constant-dollar' | 'fixed-nominal';
  timing: WithdrawalTiming;
}

// Longevity (longevity.ts computes them): here, beside the options and results that carry them.
/** How the plan's horizon was set. */
export type HorizonRule = 'life-table' | 'plan-to-age' | 'retirement-years';

/** What the engine needs to weigh paths by survival: decided by the caller, plain data. */
export interface LongevityBasis {
  /** "SSA period life table 2023 (2026 Trustees Report)". */
  tableLabel: string;
  /** Where the table comes from (page, table, Trustees Report), as the data file names it. */
  tableSource: string;
  sex: Sex | null;
  currentAge: number;
  /** survival[k]: chance of being alive at exact age currentAge + k, given alive today. */
  survival: readonly number[];
  horizonRule: HorizonRule;
  /** Complete period life expectancy at the current age, years. */
  lifeExpectancyYears: number;
  /** True when a stream is a spouse's: only the user's own lifetime is modelled. */
  spouseInPlan: boolean;
}

/** The longevity view of one run. Probabilities are fractions (0-1). */
export interface LongevityResult {
  tableLabel: string;
  /** Where the table comes from (page, table, Trustees Report), as the data file names it. */
  tableSource: string;
  sex: Sex | null;
  currentAge: number;
  /** The last age the plan covers: its final withdrawal is for the year before it. */
  planToAge: number;
  horizonRule: HorizonRule;
  lifeExpectancyYears: number;
  /** Chance of being alive at planToAge, i.e. of outliving the plan. */
  survivalToPlanEnd: number;
  /**
   * Chance of running out while alive within the plan: the mean over paths of P(alive on the
   * day of the first withdrawal that could not be paid in full), zero for paths that never ran
   * out. Exact in survival; its only randomness is the paths'.
   */
  ruinWhileAlive: number;
  /** Standard error of that mean over paths; null for overlapping historical windows. */
  ruinWhileAliveStandardError: number | null;
  spouseInPlan: boolean;
}

/** What the tax model did across paths (today's dollars; medians and means across paths). */
export interface TaxOutcome {
  /** Balances at the end of the plan by tax treatment. */
  atEnd: { taxable: Percentiles; taxDeferred: Percentiles; taxFree: Percentiles };
  /** Tax paid on tax-deferred withdrawals over the whole retirement, per path (undiscounted). */
  taxPaid: IncomePercentiles & { mean: number };
  /** Required minimum distributions taken over the whole retirement, per path (gross). */
  requiredDistributions: IncomePercentiles & { mean: number };
}
