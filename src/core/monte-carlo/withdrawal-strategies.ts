import type { SimulatedAssetClass } from './capital-market-assumptions.ts';
import type { SimulationOptions, WithdrawalStrategy } from './types.ts';

// Every strategy sets the year's spending in real terms (today's dollars) from the balance on
// the first day of the year; withdrawal-timing.ts then says when and at what real value it is paid.

// Guyton and Klinger (2006), "Decision Rules and Maximum Initial Withdrawal Rates": the
// capital-preservation rule cuts spending by 10% when the current rate exceeds the initial rate
// by 20% (not in the last 15 years); the prosperity rule raises it by 10% when the rate falls
// 20% below the initial one; no inflation raise after a year with a negative return when the
// current rate is above the initial rate.
const GUARDRAIL_BAND = 0.2;
const GUARDRAIL_ADJUSTMENT = 0.1;
const GUARDRAIL_FINAL_YEARS_WITHOUT_CUTS = 15;

// Vanguard's dynamic spending rule (Jaconetti, Kinniry and DiJoseph 2013, "A more dynamic
// approach to spending for investors in retirement", Vanguard research): spend the initial rate
// of the current balance, but let real spending rise at most 5% and fall at most 2.5% a year
// (their baseline ceiling and floor).
const FLOOR_AND_CEILING_MAX_RAISE = 0.05;
const FLOOR_AND_CEILING_MAX_CUT = 0.025;

// Bogleheads' variable percentage withdrawal (wiki "Variable percentage withdrawal", VPW table):
// each year spend PMT(r, years left, -1, 0, 1) of the balance, the level payment at the start of
// each remaining year that empties the portfolio in the last one, with r the allocation's
// expected real "growth trend": 5.0% for stocks and 1.9% for bonds (which reproduces their table,
// e.g. 5.0% at 35 years left and 21.5% at 5 years left for 60/40).
export const VPW_STOCK_REAL_RETURN = 0.05;
export const VPW_BOND_REAL_RETURN = 0.019;
// VPW has only stocks and bonds. REITs are equities; cash, commodities and everything else take
// the bond trend, the lower one, so the schedule errs towards smaller early withdrawals.
const VPW_STOCK_CLASSES: readonly SimulatedAssetClass[] = ['equity', 'real_estate'];

export const STRATEGY_CODES = {
  'constant-dollar': 0,
  'constant-percent': 1,
  guardrails: 2,
  vpw: 3,
  'floor-and-ceiling': 4,
} as const satisfies Record<WithdrawalStrategy, number>;

/** Variable strategies succeed only while spending stays above the floor (types.ts). */
export function successDefinitionOf(strategy: WithdrawalStrategy) {
  return strategy === 'constant-dollar' ? 'paid-in-full' : 'above-floor';
}

/** The expected real return VPW's table uses for this allocation (single asset: stocks). */
export function vpwRealReturn(options: SimulationOptions): number {
  if (options.singleAsset) return VPW_STOCK_REAL_RETURN;
  let stocks = 0;
  for (const assetClass of VPW_STOCK_CLASSES) stocks += options.allocation[assetClass] ?? 0;
  return stocks * VPW_STOCK_REAL_RETURN + (1 - stocks) * VPW_BOND_REAL_RETURN;
}

/** PMT(rate, yearsLeft, -1, 0, 1): the share of the balance VPW spends with `yearsLeft` to go. */
export function vpwPercentage(realReturn: number, yearsLeft: number): number {
  if (yearsLeft <= 1) return 1;
  if (realReturn === 0) return 1 / yearsLeft;
  return realReturn / ((1 + realReturn) * (1 - (1 + realReturn) ** -yearsLeft));
}

/** What a strategy needs to know about one path's year. */
export interface StrategyYear {
  /** 0-based retirement year (> 0: the first year's spending is set by `firstYearSpending`). */
  year: number;
  retirementYears: number;
  /** Real balance on the year's first day. */
  balance: number;
  /** Last year's real spending as the strategy set it. */
  previousSpending: number;
  /** First-year spending over the balance at retirement. */
  initialRate: number;
  /** Last year's real growth factor and inflation factor (Guyton-Klinger's inflation rule). */
  previousRealGrowth: number;
  previousInflation: number;
  vpwReturn: number;
}

/** The real spending a strategy sets for a year after the first. */
export function nextYearSpending(strategyCode: number, state: StrategyYear): number {
  const { balance, previousSpending, initialRate } = state;
  switch (strategyCode) {
    case STRATEGY_CODES['constant-percent']:
      return initialRate * balance;
    case STRATEGY_CODES.guardrails:
      return guytonKlinger(state);
    case STRATEGY_CODES.vpw:
      return vpwPercentage(state.vpwReturn, state.retirementYears - state.year) * balance;
    case STRATEGY_CODES['floor-and-ceiling']:
      return Math.min(
        previousSpending * (1 + FLOOR_AND_CEILING_MAX_RAISE),
        Math.max(previousSpending * (1 - FLOOR_AND_CEILING_MAX_CUT), initialRate * balance),
      );
    default:
      return previousSpending;
  }
}

function guytonKlinger(state: StrategyYear): number {
  const { balance, initialRate } = state;
  let spending = state.previousSpending;
  const lostMoney = state.previousRealGrowth * state.previousInflation < 1;
  if (lostMoney && spending > initialRate * balance) spending /= state.previousInflation;
  const rate = spending / balance;
  if (
    rate > initialRate * (1 + GUARDRAIL_BAND) &&
    state.retirementYears - state.year > GUARDRAIL_FINAL_YEARS_WITHOUT_CUTS
  ) {
    return spending * (1 - GUARDRAIL_ADJUSTMENT);
  }
  if (rate < initialRate * (1 - GUARDRAIL_BAND)) return spending * (1 + GUARDRAIL_ADJUSTMENT);
  return spending;
}
