import {
  cashFlowSchedule,
  hasNominalCashFlows,
  realCashFlow,
  type CashFlowSchedule,
} from './cash-flows.ts';
import { PathWorkspace } from './path-workspace.ts';
import { createPathGenerator } from './return-paths.ts';
import { TaxBuckets } from './tax-buckets.ts';
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
  /** With taxes (else empty): tax paid, RMDs taken and the end balances by tax treatment. */
  taxPaid: Float64Array;
  requiredDistributions: Float64Array;
  endTaxable: Float64Array;
  endTaxDeferred: Float64Array;
  endTaxFree: Float64Array;
}

/** Tolerance for "paid in full": rounding must not fail a plan that lasts exactly n years. */
const PAID_IN_FULL_TOLERANCE = 1e-9;

/** Default floor of real spending, as a fraction of the first year's (the 75%). */
export const DEFAULT_SPENDING_FLOOR = 0.75;

/**
 * Paths simulated together before their rows are copied out. The output is year-major (one
 * row of `paths` values per year), so writing each path straight into it strides across the
 * whole array once per year; at 100,000 paths every write missed the cache and the TLB and
 * the cost per path-year rose with the path count. A block's rows sit in a small buffer (32
 * paths × 61 years × 8 bytes = 15 KB, inside L1) and go out as one contiguous copy per row.
 */
const BLOCK_PATHS = 32;

/**
 * Runs every path: contributions at the end of each accumulation year, then one withdrawal a
 * year under the chosen strategy and timing convention, all in today's dollars (real terms).
 * Each path's inflation comes from the generator beside its real returns (one place), so a
 * stochastic inflation reaches fixed-nominal withdrawals without change here.
 * Nothing is allocated per path or per path-year. With a `workspace` the result's arrays are
 * views of its buffers (valid until its next run); without one they are fresh.
 */
export function runPaths(
  options: SimulationOptions,
  record: { wealth: boolean } = { wealth: true },
  workspace: PathWorkspace = new PathWorkspace(0),
): PathResults {
  const accumulationYears = options.yearsToRetirement;
  const retirementYears = options.retirementYears;
  const years = accumulationYears + retirementYears;
  // The parametric models skip drawing inflation when nothing reads it (left NaN then).
  const generator = createPathGenerator(options, years, {
    inflation: readsInflation(options),
  });
  const paths = generator.paths;
  // Callers that need only outcomes (the levers) skip the year-by-year rows.
  const keep = record.wealth;
  const taxed = options.taxes !== undefined;
  const results: PathResults = {
    paths,
    years,
    retirementYears,
    startYears: generator.startYears,
    wealth: workspace.floats('wealth', keep ? (years + 1) * paths : 0),
    depletionYear: workspace.ints('depletionYear', paths),
    failed: workspace.bytes('failed', paths),
    atRetirement: workspace.floats('atRetirement', paths),
    maxSpending: workspace.floats('maxSpending', paths),
    maxWithdrawalRate: workspace.floats('maxWithdrawalRate', paths),
    income: workspace.floats('income', keep ? retirementYears * paths : 0),
    firstIncome: workspace.floats('firstIncome', paths),
    minIncome: workspace.floats('minIncome', paths),
    yearsBelowFloor: workspace.ints('yearsBelowFloor', paths),
    cuts: workspace.ints('cuts', paths),
    taxPaid: workspace.floats('taxPaid', taxed ? paths : 0),
    requiredDistributions: workspace.floats('requiredDistributions', taxed ? paths : 0),
    endTaxable: workspace.floats('endTaxable', taxed ? paths : 0),
    endTaxDeferred: workspace.floats('endTaxDeferred', taxed ? paths : 0),
    endTaxFree: workspace.floats('endTaxFree', taxed ? paths : 0),
  };
  const realGrowth = new Float64Array(years);
  const inflation = new Float64Array(years);
  // Block rows, year-major: year y of the block's path p is at y·BLOCK_PATHS + p.
  const blockWealth = new Float64Array(keep ? (years + 1) * BLOCK_PATHS : 0);
  const blockIncome = new Float64Array(keep ? retirementYears * BLOCK_PATHS : 0);
  const plan = retirementPlan(options, retirementYears, cashFlowSchedule(options, years));
  const flows = plan.flows;
  const slot: BlockSlot = { keep, member: 0, wealth: blockWealth, income: blockIncome };
  const { balanceUsd, annualContributionUsd } = options;
  for (let first = 0; first < paths; first += BLOCK_PATHS) {
    const count = Math.min(BLOCK_PATHS, paths - first);
    for (let member = 0; member < count; member++) {
      const path = first + member;
      generator.fill(path, realGrowth, inflation);
      let balance = balanceUsd;
      if (keep) blockWealth[member] = balance;
      // Price level from today to the retirement date (for fixed-nominal cash flows).
      let price = 1;
      let shortBeforeRetirement = false;
      // Without cash flows the saving years are one multiply-add each: a loop of their own.
      if (flows === null) {
        for (let year = 0; year < accumulationYears; year++) {
          balance = balance * realGrowth[year]! + annualContributionUsd;
          if (keep) blockWealth[(year + 1) * BLOCK_PATHS + member] = balance;
        }
      } else {
        for (let year = 0; year < accumulationYears; year++) {
          balance = balance * realGrowth[year]! + annualContributionUsd;
          // Cash flows before retirement come with the year's saving, on its last day. An
          // expense the balance cannot meet fails the path (the balance stops at zero).
          price *= inflation[year]!;
          balance += realCashFlow(flows, year, price);
          if (balance < 0) {
            shortBeforeRetirement = true;
            balance = 0;
          }
          if (keep) blockWealth[(year + 1) * BLOCK_PATHS + member] = balance;
        }
      }
      results.atRetirement[path] = balance;
      slot.member = member;
      if (plan.plain) retirePlain(plan, results, path, balance, realGrowth, slot);
      else retire(plan, results, path, balance, realGrowth, inflation, slot, price);
      if (shortBeforeRetirement) {
        results.failed[path] = 1;
        results.maxSpending[path] = 0;
        results.maxWithdrawalRate[path] = 0;
      }
    }
    if (keep) {
      copyRows(blockWealth, results.wealth, years + 1, paths, first, count);
      copyRows(blockIncome, results.income, retirementYears, paths, first, count);
    }
  }
  return results;
}

/** Copies `count` paths of each of `rows` block rows into the output rows from path `first`. */
function copyRows(
  block: Float64Array,
  output: Float64Array,
  rows: number,
  paths: number,
  first: number,
  count: number,
): void {
  // A loop, not set(subarray()): a view object per row cost more than the copy.
  for (let row = 0; row < rows; row++) {
    const from = row * BLOCK_PATHS;
    const to = row * paths + first;
    for (let member = 0; member < count; member++) output[to + member] = block[from + member]!;
  }
}

/** Where a path's rows go: its column in the current block. */
interface BlockSlot {
  keep: boolean;
  member: number;
  wealth: Float64Array;
  income: Float64Array;
}

/** What the retirement years of every path share: decided once per run, not per path. */
interface RetirementPlan {
  accumulationYears: number;
  retirementYears: number;
  timing: SimulationOptions['withdrawalTiming'];
  inflationAdjusted: boolean;
  atYearEnd: boolean;
  /** Each payment's real value is the year's spending (realPaymentFactor is 1). */
  paysSpendingInFull: boolean;
  strategy: number;
  floorFraction: number;
  vpwReturn: number;
  spending: SimulationOptions['spending'];
  /** Income and expenses by year from today, or null without any. */
  flows: CashFlowSchedule | null;
  /** The balance by tax treatment (one object reused by every path), or null without taxes. */
  taxes: TaxBuckets | null;
  /** The user's age today (RMDs are by age); 0 when unknown (then there are no taxes). */
  currentAge: number;
  /**
   * The common case retirePlain runs: constant-dollar spending paid in full real value, no
   * taxes, no cash flows.
   */
  plain: boolean;
}

function retirementPlan(
  options: SimulationOptions,
  retirementYears: number,
  flows: CashFlowSchedule | null,
): RetirementPlan {
  const strategy = STRATEGY_CODES[options.strategy];
  return {
    accumulationYears: options.yearsToRetirement,
    retirementYears,
    timing: options.withdrawalTiming,
    inflationAdjusted: options.inflationAdjusted,
    atYearEnd: paidAtYearEnd(options.withdrawalTiming),
    paysSpendingInFull: options.inflationAdjusted && options.withdrawalTiming !== 'bengen',
    strategy,
    floorFraction: options.spendingFloor ?? DEFAULT_SPENDING_FLOOR,
    vpwReturn: strategy === STRATEGY_CODES.vpw ? vpwRealReturn(options) : 0,
    spending: options.spending,
    flows,
    taxes: options.taxes ? new TaxBuckets(options.taxes) : null,
    currentAge: options.currentAgeYears ?? 0,
    plain:
      strategy === STRATEGY_CODES['constant-dollar'] &&
      options.inflationAdjusted &&
      options.withdrawalTiming !== 'bengen' &&
      flows === null &&
      options.taxes === undefined,
  };
}

/**
 * retire() for a plain plan (RetirementPlan.plain), with every branch that cannot be taken
 * there left out: the spending never changes, each payment's real factor is 1 and nothing
 * flows in or out beside the portfolio. Each value is computed by the same operations in the
 * same order as retire() (dropped terms are exact: x·1 = x and x − 0 = x; and max(0, x + 0)
 * equals max(0, x), −0 included), so the paths are the same bit for bit
 * (engine.pinned.test.ts); the gain is a loop with no per-year strategy, timing or tax
 * dispatch and its invariants in registers.
 */
function retirePlain(
  plan: RetirementPlan,
  results: PathResults,
  path: number,
  startBalance: number,
  realGrowth: Float64Array,
  slot: BlockSlot,
): void {
  const { accumulationYears, retirementYears, atYearEnd, floorFraction } = plan;
  const spending =
    plan.spending.kind === 'amount'
      ? plan.spending.annualUsd
      : plan.spending.withdrawalRate * startBalance;
  const tolerance = PAID_IN_FULL_TOLERANCE * spending;
  const { keep, member } = slot;
  const income = slot.income;
  const wealth = slot.wealth;
  let balance = startBalance;
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
    const available = atYearEnd ? balance * growth : balance;
    if (depleted < 0 && spending > available + tolerance) depleted = t;
    const withdrawn = Math.min(spending, available);
    const paid = Math.max(0, withdrawn);
    balance = atYearEnd ? available - withdrawn : (balance - withdrawn) * growth;
    if (atYearEnd) discount /= growth;
    annuityFactor += discount;
    if (!atYearEnd) discount /= growth;

    if (t === 0) {
      firstPaid = paid;
      floor = floorFraction * paid;
    } else if (paid < previousPaid * (1 - PAID_IN_FULL_TOLERANCE)) cuts++;
    if (paid < floor * (1 - PAID_IN_FULL_TOLERANCE)) below++;
    if (paid < minPaid) minPaid = paid;
    previousPaid = paid;
    if (keep) {
      income[t * BLOCK_PATHS + member] = paid;
      wealth[(year + 1) * BLOCK_PATHS + member] = balance;
    }
  }
  results.depletionYear[path] = depleted;
  results.failed[path] = depleted >= 0 ? 1 : 0;
  results.firstIncome[path] = firstPaid;
  results.minIncome[path] = minPaid;
  results.yearsBelowFloor[path] = below;
  results.cuts[path] = cuts;
  results.maxWithdrawalRate[path] =
    annuityFactor > 0 ? 1 / annuityFactor : Number.POSITIVE_INFINITY;
  results.maxSpending[path] = annuityFactor > 0 ? startBalance / annuityFactor : 0;
}

/** The retirement years of one path, from `startBalance` at retirement. */
function retire(
  plan: RetirementPlan,
  results: PathResults,
  path: number,
  startBalance: number,
  realGrowth: Float64Array,
  inflation: Float64Array,
  slot: BlockSlot,
  priceAtRetirement: number,
): void {
  const { accumulationYears, retirementYears, timing, atYearEnd, strategy, vpwReturn, flows } =
    plan;
  const buckets = plan.taxes;
  let balance = startBalance;
  // What the balance pays for after tax; every bound below is on it (tax-buckets.ts).
  const startValue = buckets === null ? startBalance : buckets.start(startBalance);
  let spending =
    strategy === STRATEGY_CODES.vpw
      ? vpwPercentage(vpwReturn, retirementYears) * balance
      : plan.spending.kind === 'amount'
        ? plan.spending.annualUsd
        : plan.spending.withdrawalRate * balance;
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
  // With cash flows: their discounted sum so far, and the lowest sustainable spending bound.
  let flowValue = 0;
  let sustainableBound = Number.POSITIVE_INFINITY;
  let depleted = -1;
  let firstPaid = 0;
  let floor = 0;
  let previousPaid = 0;
  let minPaid = Number.POSITIVE_INFINITY;
  let below = 0;
  let cuts = 0;
  const { keep, member } = slot;
  for (let t = 0; t < retirementYears; t++) {
    const year = accumulationYears + t;
    const growth = realGrowth[year]!;
    // Constant-dollar spending never changes: its strategy step is skipped.
    if (t > 0 && strategy !== STRATEGY_CODES['constant-dollar']) {
      state.year = t;
      state.balance = balance;
      state.previousSpending = spending;
      state.previousRealGrowth = realGrowth[year - 1]!;
      state.previousInflation = inflation[year - 1]!;
      spending = nextYearSpending(strategy, state);
    }
    const factor = plan.paysSpendingInFull
      ? 1
      : realPaymentFactor(timing, plan.inflationAdjusted, priceLevel, inflation[year]!);
    let available: number;
    if (buckets === null) available = atYearEnd ? balance * growth : balance;
    else {
      if (atYearEnd) buckets.grow(growth);
      available = buckets.afterTaxValue();
    }
    // VPW's last year spends whatever is there, on whichever day it is paid.
    const due =
      strategy === STRATEGY_CODES.vpw && t === retirementYears - 1 ? available : spending * factor;
    // Income (positive) or expenses (negative) paid on the withdrawal's day, in real terms.
    const flow =
      flows === null
        ? 0
        : realCashFlow(
            flows,
            year,
            priceAtRetirement * priceLevel * (atYearEnd ? inflation[year]! : 1),
          );
    // What the portfolio pays: negative when income exceeds spending (the rest is invested).
    const fromPortfolio = due - flow;
    if (depleted < 0 && fromPortfolio > available + PAID_IN_FULL_TOLERANCE * due) depleted = t;
    const withdrawn = Math.min(fromPortfolio, available);
    const paid = Math.max(0, withdrawn + flow);
    if (buckets === null) {
      balance = atYearEnd ? available - withdrawn : (balance - withdrawn) * growth;
    } else {
      buckets.withdraw(withdrawn, plan.currentAge + year);
      if (!atYearEnd) buckets.grow(growth);
      balance = buckets.total();
    }
    if (atYearEnd) discount /= growth;
    annuityFactor += factor * discount;
    if (flows !== null) {
      // Paid in full to year t iff W + Σ_(j≤t) (n_j − f_j·s)/P_j ≥ 0 (sustainable-spending.ts).
      flowValue += flow * discount;
      const bound = (startValue + flowValue) / annuityFactor;
      if (bound < sustainableBound) sustainableBound = bound;
    }
    if (!atYearEnd) discount /= growth;
    priceLevel *= inflation[year]!;

    if (t === 0) {
      firstPaid = paid;
      floor = plan.floorFraction * paid;
    } else if (paid < previousPaid * (1 - PAID_IN_FULL_TOLERANCE)) cuts++;
    if (paid < floor * (1 - PAID_IN_FULL_TOLERANCE)) below++;
    if (paid < minPaid) minPaid = paid;
    previousPaid = paid;
    if (keep) {
      slot.income[t * BLOCK_PATHS + member] = paid;
      slot.wealth[(year + 1) * BLOCK_PATHS + member] = balance;
    }
  }
  results.depletionYear[path] = depleted;
  const aboveFloorRequired = strategy !== STRATEGY_CODES['constant-dollar'];
  results.failed[path] = depleted >= 0 || (aboveFloorRequired && below > 0) ? 1 : 0;
  results.firstIncome[path] = firstPaid;
  results.minIncome[path] = minPaid;
  results.yearsBelowFloor[path] = below;
  results.cuts[path] = cuts;
  if (buckets !== null) {
    results.taxPaid[path] = buckets.taxPaid;
    results.requiredDistributions[path] = buckets.requiredTotal;
    results.endTaxable[path] = buckets.taxable;
    results.endTaxDeferred[path] = buckets.taxDeferred;
    results.endTaxFree[path] = buckets.taxFree;
  }
  if (flows === null) {
    // After-tax value per dollar of balance: exactly 1 without taxes.
    const valueRatio = buckets === null || startBalance <= 0 ? 1 : startValue / startBalance;
    results.maxWithdrawalRate[path] =
      annuityFactor > 0 ? valueRatio / annuityFactor : Number.POSITIVE_INFINITY;
    results.maxSpending[path] = annuityFactor > 0 ? startValue / annuityFactor : 0;
  } else {
    const spendingBound = Math.max(0, sustainableBound);
    results.maxSpending[path] = spendingBound;
    results.maxWithdrawalRate[path] =
      startBalance > 0 ? spendingBound / startBalance : Number.POSITIVE_INFINITY;
  }
}

/**
 * Whether the withdrawal side reads each year's inflation: fixed nominal withdrawals, Bengen's
 * timing (a payment lags the CPI of the year it closes), the guardrails' nominal-loss rule and
 * fixed-nominal cash flows.
 */
export function readsInflation(
  options: Pick<
    SimulationOptions,
    'inflationAdjusted' | 'strategy' | 'withdrawalTiming' | 'cashFlows'
  >,
): boolean {
  return (
    !options.inflationAdjusted ||
    options.withdrawalTiming === 'bengen' ||
    options.strategy === 'guardrails' ||
    hasNominalCashFlows(options)
  );
}
