import { createPathGenerator } from './return-paths.ts';
import type { SimulationOptions } from './types.ts';

/** The raw per-path output of one run, in typed arrays; statistics are taken from it. */
export interface PathResults {
  paths: number;
  /** Years simulated: accumulation then retirement. */
  years: number;
  startYears: number[] | null;
  /** Wealth in today's dollars at the start of each year and after the last, `year * paths + path`. */
  wealth: Float64Array;
  /** Retirement year (0-based) in which a path could not pay its withdrawal, or -1. */
  depletionYear: Int32Array;
  /** Wealth at retirement, per path. */
  atRetirement: Float64Array;
  /** Largest constant-dollar first-year spending the path sustains, in today's dollars. */
  maxSpending: Float64Array;
  /** The same as a share of the path's wealth at retirement. */
  maxWithdrawalRate: Float64Array;
}

/** Tolerance for "paid in full": rounding must not fail a plan that lasts exactly n years. */
const PAID_IN_FULL_TOLERANCE = 1e-9;

// Guyton and Klinger (2006), "Decision Rules and Maximum Initial Withdrawal Rates": the
// capital-preservation rule cuts spending by 10% when the current rate exceeds the initial rate
// by 20% (not in the last 15 years); the prosperity rule raises it by 10% when the rate falls
// 20% below the initial one; no inflation raise after a year with a negative return when the
// current rate is above the initial rate.
const GUARDRAIL_BAND = 0.2;
const GUARDRAIL_ADJUSTMENT = 0.1;
const GUARDRAIL_FINAL_YEARS_WITHOUT_CUTS = 15;

const STRATEGY_CODES = { 'constant-dollar': 0, 'constant-percent': 1, guardrails: 2 } as const;

/**
 * Runs every path: contributions at the end of each accumulation year, then one withdrawal a
 * year (start or end of year) under the chosen strategy, all in today's dollars (real terms).
 * Typed buffers are allocated once per run, never per path-year.
 */
export function runPaths(
  options: SimulationOptions,
  record: { wealth: boolean } = { wealth: true },
): PathResults {
  const accumulationYears = options.yearsToRetirement;
  const retirementYears = options.retirementYears;
  const years = accumulationYears + retirementYears;
  // Each year's inflation is read only for nominal withdrawals and the guardrails' nominal-loss
  // rule; the parametric models skip drawing it otherwise.
  const generator = createPathGenerator(options, years, {
    inflation: !options.inflationAdjusted || options.strategy === 'guardrails',
  });
  const paths = generator.paths;
  // Year-major wealth is written with a stride of `paths`, which costs more than the arithmetic;
  // callers that need only outcomes (the levers) skip it.
  const keepWealth = record.wealth;
  const wealth = new Float64Array(keepWealth ? (years + 1) * paths : 0);
  const depletionYear = new Int32Array(paths).fill(-1);
  const atRetirement = new Float64Array(paths);
  const maxSpending = new Float64Array(paths);
  const maxWithdrawalRate = new Float64Array(paths);
  const realGrowth = new Float64Array(years);
  const inflation = new Float64Array(years);

  const contribution = options.annualContributionUsd;
  const endOfYear = options.withdrawalTiming === 'end';
  const inflationAdjusted = options.inflationAdjusted;
  const strategy = STRATEGY_CODES[options.strategy];
  const fixedSpending = options.spending.kind === 'amount' ? options.spending.annualUsd : 0;
  const spendingRate = options.spending.kind === 'rate' ? options.spending.withdrawalRate : 0;

  for (let path = 0; path < paths; path++) {
    generator.fill(path, realGrowth, inflation);
    let balance = options.balanceUsd;
    if (keepWealth) wealth[path] = balance;
    for (let year = 0; year < accumulationYears; year++) {
      balance = balance * realGrowth[year]! + contribution;
      if (keepWealth) wealth[(year + 1) * paths + path] = balance;
    }
    atRetirement[path] = balance;
    let spending = options.spending.kind === 'amount' ? fixedSpending : spendingRate * balance;
    const initialRate = balance > 0 ? spending / balance : 0;
    // Real value of one first-year dollar (falls with inflation when withdrawals are nominal),
    // the inverse cumulative real growth, and their sum: the path's annuity factor.
    let spendingScale = 1;
    let discount = 1;
    let annuityFactor = 0;
    let depleted = -1;
    for (let t = 0; t < retirementYears; t++) {
      const year = accumulationYears + t;
      const growth = realGrowth[year]!;
      if (t > 0) {
        if (!inflationAdjusted) spending /= inflation[year - 1]!;
        if (strategy === 1) {
          spending = initialRate * balance;
        } else if (strategy === 2) {
          const lostMoney = realGrowth[year - 1]! * inflation[year - 1]! < 1;
          if (inflationAdjusted && lostMoney && spending > initialRate * balance) {
            spending /= inflation[year - 1]!;
          }
          const rate = spending / balance;
          if (
            rate > initialRate * (1 + GUARDRAIL_BAND) &&
            retirementYears - t > GUARDRAIL_FINAL_YEARS_WITHOUT_CUTS
          ) {
            spending *= 1 - GUARDRAIL_ADJUSTMENT;
          } else if (rate < initialRate * (1 - GUARDRAIL_BAND)) {
            spending *= 1 + GUARDRAIL_ADJUSTMENT;
          }
        }
      }
      if (endOfYear) {
        discount /= growth;
        annuityFactor += spendingScale * discount;
        balance = balance * growth - spending;
        if (depleted < 0 && balance < -PAID_IN_FULL_TOLERANCE * spending) depleted = t;
      } else {
        annuityFactor += spendingScale * discount;
        discount /= growth;
        if (depleted < 0 && balance < spending * (1 - PAID_IN_FULL_TOLERANCE)) depleted = t;
        balance = (balance - spending) * growth;
      }
      if (!inflationAdjusted) spendingScale /= inflation[year]!;
      if (depleted >= 0) balance = 0;
      if (keepWealth) wealth[(year + 1) * paths + path] = balance > 0 ? balance : 0;
    }
    depletionYear[path] = depleted;
    maxWithdrawalRate[path] = annuityFactor > 0 ? 1 / annuityFactor : Number.POSITIVE_INFINITY;
    maxSpending[path] = annuityFactor > 0 ? atRetirement[path]! / annuityFactor : 0;
  }
  return {
    paths,
    years,
    startYears: generator.startYears,
    wealth,
    depletionYear,
    atRetirement,
    maxSpending,
    maxWithdrawalRate,
  };
}
