import { describeReturnAssumptions } from './return-assumptions.ts';
import type { LeverResult } from './levers.ts';
import {
  PERCENTILE_KEYS,
  type Percentiles,
  type SimulationOptions,
  type SimulationResult,
} from './types.ts';

/** How returns, inflation, cash and fees were modelled (the returns side of `assumptions`). */
function returnAssumptionsJson(options: SimulationOptions): Record<string, unknown> {
  const described = describeReturnAssumptions(options);
  return {
    returns: described.returns,
    inflation_rate: described.inflation,
    cash_interest_rate: described.cashInterestRate,
    annual_fee_rate: described.annualFeeRate,
    expected_real_return: described.expectedRealReturn,
    ...(described.byClass ? { real_return_assumptions: described.byClass } : {}),
  };
}

const roundCents = (usd: number) => Math.round(usd * 100) / 100;
const roundPct = (fraction: number) => Math.round(fraction * 10000) / 100;

function percentilesUsd(percentiles: Percentiles): Record<string, number> {
  return Object.fromEntries(PERCENTILE_KEYS.map((key) => [key, roundCents(percentiles[key])]));
}

/**
 * The snake_case JSON of a simulation (the `alex simulate --json` output). Dollars are today's
 * dollars rounded to cents; `success_probability` is a percentage (0-100) as in the retirement
 * payload; withdrawal rates are fractions, like the --withdrawal-rate flag.
 */
export function toSimulationJson(
  options: SimulationOptions,
  result: SimulationResult,
  levers: LeverResult[],
  dataSource: string | null,
): Record<string, unknown> {
  const count =
    result.model === 'historical' ? { periods: result.paths } : { simulations: result.paths };
  return {
    model: result.model,
    seed: result.seed,
    ...count,
    success_probability: roundPct(result.successProbability),
    percentiles_at_retirement: percentilesUsd(result.percentilesAtRetirement),
    mean_at_retirement: roundCents(result.meanAtRetirement),
    percentiles_at_end: percentilesUsd(result.percentilesAtEnd),
    target_success: result.sustainable.targetSuccess,
    sustainable_withdrawal_rate: result.sustainable.withdrawalRate,
    sustainable_spending: roundCents(result.sustainable.spendingUsd),
    sustainable_basis: result.sustainable.basis,
    depletion_age_histogram: result.depletionHistogram.map((bucket) => ({
      retirement_year: bucket.retirementYear,
      age: bucket.age,
      count: bucket.count,
    })),
    ...(result.startYears
      ? {
          start_years: { first: result.startYears[0], last: result.startYears.at(-1) },
          worst_start_years: result.worstStartYears?.map((entry) => ({
            start_year: entry.startYear,
            max_withdrawal_rate: entry.withdrawalRate,
          })),
        }
      : {}),
    series: result.series.map((point) => ({
      year_offset: point.yearOffset,
      age: point.age,
      phase: point.phase,
      ...percentilesUsd(point),
    })),
    levers: levers.map((lever) => ({
      lever: lever.lever,
      change: lever.change,
      success_probability: roundPct(lever.successProbability),
      success_change_pct: roundPct(lever.successChange),
    })),
    assumptions: {
      amounts: "today's dollars",
      balance_usd: options.balanceUsd,
      years_to_retirement: options.yearsToRetirement,
      retirement_years: options.retirementYears,
      annual_contribution_usd: options.annualContributionUsd,
      spending: options.spending,
      inflation_adjusted: options.inflationAdjusted,
      ...returnAssumptionsJson(options),
      allocation: options.singleAsset ? null : options.allocation,
      single_asset: options.singleAsset ?? null,
      strategy: options.strategy,
      withdrawal_timing: options.withdrawalTiming,
      source:
        dataSource ??
        (options.singleAsset ? 'given on the command line' : (options.assumptions?.source ?? null)),
    },
  };
}
