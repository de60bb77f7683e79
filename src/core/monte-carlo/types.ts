import type {
  CapitalMarketAssumptions,
  SimulatedAssetClass,
} from './capital-market-assumptions.ts';

export const RETURN_MODELS = ['lognormal', 'normal', 'historical', 'bootstrap'] as const;
export type ReturnModel = (typeof RETURN_MODELS)[number];

export const WITHDRAWAL_STRATEGIES = ['constant-dollar', 'constant-percent', 'guardrails'] as const;
export type WithdrawalStrategy = (typeof WITHDRAWAL_STRATEGIES)[number];

export const WITHDRAWAL_TIMINGS = ['start', 'end'] as const;
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
  /** When false, the first year's withdrawal stays fixed in nominal dollars. */
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
  /** Share of paths (0-1) that paid every withdrawal in full. */
  successProbability: number;
  /** All amounts are in today's dollars (deflated by each path's own inflation). */
  percentilesAtRetirement: Percentiles;
  meanAtRetirement: number;
  percentilesAtEnd: Percentiles;
  /** Wealth percentiles at the start of each year, then after the last year. */
  series: SeriesPoint[];
  /** Paths that ran out, by the retirement year in which the money ran out. */
  depletionHistogram: Array<{ retirementYear: number; age: number | null; count: number }>;
  sustainable: SustainableSpending;
  /** The worst historical start years (historical model only), most binding first. */
  worstStartYears: Array<{ startYear: number; withdrawalRate: number }> | null;
}

export interface SustainableSpending {
  targetSuccess: number;
  /** First-year withdrawal as a share of the balance at retirement (SAFEMAX at target 1). */
  withdrawalRate: number;
  /** First-year spending in today's dollars that succeeds with the target probability. */
  spendingUsd: number;
  /** Defined for inflation-adjusted constant-dollar withdrawals (Bengen 1994). */
  basis: 'constant-dollar';
}
