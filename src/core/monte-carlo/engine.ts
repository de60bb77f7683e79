import { createPathGenerator } from './return-paths.ts';
import type { SimulationOptions } from './types.ts';
import {
  nextYearSpending,
  STRATEGY_CODES,
  vpwPercentage,
  vpwRealReturn,
  type StrategyYear,
} from './withdrawal-strategies.ts';
import { paidAtYearEnd, realPaymentFactor } from './withdrawal-timing.ts';

/** The raw per-path output of one run, in typed arrays; statistics are taken from it. */
export interface PathResults {
  paths: number;
  /** Years simulated: accumulation then retirement. */
  years: number;
  retirementYears: number;
  startYears: number[] | null;
  /** Wealth in today's dollars at the start of each year and after the last, `year * paths + path`. */
  wealth: Float64Array;
  /** Retirement year (0-based) in which a path could not pay its withdrawal, or -1. */
  depletionYear: Int32Array;
  /** 1 where the path failed: ran out, or (variable strategies) spent below the floor. */
  failed: Uint8Array;
  /** Wealth at retirement, per path. */
  atRetirement: Float64Array;
  /** Largest constant-dollar first-year spending the path sustains, in today's dollars. */
  maxSpending: Float64Array;
  /** The same as a share of the path's wealth at retirement. */
  maxWithdrawalRate: Float64Array;
  /** Real spending paid in each retirement year, `retirementYear * paths + path` (when recorded). */
  income: Float64Array;
  /** Per path: first-year and lowest real spending, years below the floor, real cuts. */
  firstIncome: Float64Array;
  minIncome: Float64Array;
  yearsBelowFloor: Int32Array;
  cuts: Int32Array;
}

/** Tolerance for "paid in full": rounding must not fail a plan that lasts exactly n years. */
const PAID_IN_FULL_TOLERANCE = 1e-9;

/** Default floor of real spending, as a fraction of the first year's (the 75%). */
export const DEFAULT_SPENDING_FLOOR = 0.75;

/**
 * Runs every path: contributions at the end of each accumulation year, then one withdrawal a
 * year under the chosen strategy and timing convention, all in today's dollars (real terms).
 * Each path's inflation comes from the generator beside its real returns (one place), so a
 * stochastic inflation reaches fixed-nominal withdrawals without change here.
 * Typed buffers are allocated once per run, never per path-year.
 */
export function runPaths(
  options: SimulationOptions,
  record: { wealth: boolean } = { wealth: true },
): PathResults {
  const accumulationYears = options.yearsToRetirement;
  const retirementYears = options.retirementYears;
  const years = accumulationYears + retirementYears;
  // The parametric models skip drawing inflation when nothing reads it (left NaN then).
  const generator = createPathGenerator(options, years, {
    inflation: readsInflation(options),
  });
  const paths = generator.paths;
  // Year-major wealth is written with a stride of `paths`, which costs more than the arithmetic;
  // callers that need only outcomes (the levers) skip it.
  const keep = record.wealth;
  const results: PathResults = {
    paths,
    years,
    retirementYears,
    startYears: generator.startYears,
    wealth: new Float64Array(keep ? (years + 1) * paths : 0),
    depletionYear: new Int32Array(paths).fill(-1),
    failed: new Uint8Array(paths),
    atRetirement: new Float64Array(paths),
    maxSpending: new Float64Array(paths),
    maxWithdrawalRate: new Float64Array(paths),
    income: new Float64Array(keep ? retirementYears * paths : 0),
    firstIncome: new Float64Array(paths),
    minIncome: new Float64Array(paths),
    yearsBelowFloor: new Int32Array(paths),
    cuts: new Int32Array(paths),
  };
  const realGrowth = new Float64Array(years);
  const inflation = new Float64Array(years);
  for (let path = 0; path < paths; path++) {
    generator.fill(path, realGrowth, inflation);
    let balance = options.balanceUsd;
    if (keep) results.wealth[path] = balance;
    for (let year = 0; year < accumulationYears; year++) {
      balance = balance * realGrowth[year]! + options.annualContributionUsd;
      if (keep) results.wealth[(year + 1) * paths + path] = balance;
    }
    results.atRetirement[path] = balance;
    retire(options, results, path, balance, realGrowth, inflation);
  }
  return results;
}

/** The retirement years of one path, from `startBalance` at retirement. */
function retire(
  options: SimulationOptions,
  results: PathResults,
  path: number,
  startBalance: number,
  realGrowth: Float64Array,
  inflation: Float64Array,
): void {
  const { paths, retirementYears } = results;
  const accumulationYears = options.yearsToRetirement;
  const timing = options.withdrawalTiming;
  const atYearEnd = paidAtYearEnd(timing);
  const strategy = STRATEGY_CODES[options.strategy];
  const floorFraction = options.spendingFloor ?? DEFAULT_SPENDING_FLOOR;
  const vpwReturn = strategy === STRATEGY_CODES.vpw ? vpwRealReturn(options) : 0;
  let balance = startBalance;
  let spending =
    strategy === STRATEGY_CODES.vpw
      ? vpwPercentage(vpwReturn, retirementYears) * balance
      : options.spending.kind === 'amount'
        ? options.spending.annualUsd
        : options.spending.withdrawalRate * balance;
  const state: StrategyYear = {
    year: 0,
    retirementYears,
    balance,
    previousSpending: spending,
    initialRate: balance > 0 ? spending / balance : 0,
    previousRealGrowth: 1,
    previousInflation: 1,
    vpwReturn,
  };
  // Price level on the year's first day, the inverse cumulative real growth to the payment
  // date, and the sum of discounted real payments per dollar of spending: the annuity factor.
  let priceLevel = 1;
  let discount = 1;
  let annuityFactor = 0;
  let depleted = -1;
  let firstPaid = 0;
  let floor = 0;
  let previousPaid = 0;
  let minPaid = Number.POSITIVE_INFINITY;
  let below = 0;
  let cuts = 0;
  for (let t = 0; t < retirementYears; t++) {
    const year = accumulationYears + t;
    const growth = realGrowth[year]!;
    if (t > 0) {
      state.year = t;
      state.balance = balance;
      state.previousSpending = spending;
      state.previousRealGrowth = realGrowth[year - 1]!;
      state.previousInflation = inflation[year - 1]!;
      spending = nextYearSpending(strategy, state);
    }
    const factor = realPaymentFactor(
      timing,
      options.inflationAdjusted,
      priceLevel,
      inflation[year]!,
    );
    const available = atYearEnd ? balance * growth : balance;
    // VPW's last year spends whatever is there, on whichever day it is paid.
    const due =
      strategy === STRATEGY_CODES.vpw && t === retirementYears - 1 ? available : spending * factor;
    if (depleted < 0 && due > available + PAID_IN_FULL_TOLERANCE * due) depleted = t;
    const paid = Math.max(0, Math.min(due, available));
    balance = atYearEnd ? available - paid : (balance - paid) * growth;
    if (atYearEnd) discount /= growth;
    annuityFactor += factor * discount;
    if (!atYearEnd) discount /= growth;
    priceLevel *= inflation[year]!;

    if (t === 0) {
      firstPaid = paid;
      floor = floorFraction * paid;
    } else if (paid < previousPaid * (1 - PAID_IN_FULL_TOLERANCE)) cuts++;
    if (paid < floor * (1 - PAID_IN_FULL_TOLERANCE)) below++;
    if (paid < minPaid) minPaid = paid;
    previousPaid = paid;
    if (results.income.length > 0) results.income[t * paths + path] = paid;
    if (results.wealth.length > 0) results.wealth[(year + 1) * paths + path] = balance;
  }
  results.depletionYear[path] = depleted;
  const aboveFloorRequired = strategy !== STRATEGY_CODES['constant-dollar'];
  results.failed[path] = depleted >= 0 || (aboveFloorRequired && below > 0) ? 1 : 0;
  results.firstIncome[path] = firstPaid;
  results.minIncome[path] = minPaid;
  results.yearsBelowFloor[path] = below;
  results.cuts[path] = cuts;
  results.maxWithdrawalRate[path] =
    annuityFactor > 0 ? 1 / annuityFactor : Number.POSITIVE_INFINITY;
  results.maxSpending[path] = annuityFactor > 0 ? startBalance / annuityFactor : 0;
}

/**
 * Whether the withdrawal side reads each year's inflation: fixed nominal withdrawals, Bengen's
 * timing (a payment lags the CPI of the year it closes) and the guardrails' nominal-loss rule.
 */
export function readsInflation(
  options: Pick<SimulationOptions, 'inflationAdjusted' | 'strategy' | 'withdrawalTiming'>,
): boolean {
  return (
    !options.inflationAdjusted ||
    options.withdrawalTiming === 'bengen' ||
    options.strategy === 'guardrails'
  );
}
