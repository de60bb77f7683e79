import type { SimulationJson } from '../../contracts/simulation.ts';
import { describeCashFlow } from './income-plan.ts';
import { describeReturnAssumptions } from './return-assumptions.ts';
import { taxesJson } from './tax-report.ts';
import type { LeverResult } from './levers.ts';
import { longevityJson } from './longevity-output.ts';
import {
  PERCENTILE_KEYS,
  type IncomeMetrics,
  type IncomePercentiles,
  type Percentiles,
  type SimulationOptions,
  type SimulationResult,
} from './types.ts';
import { vpwRealReturn } from './withdrawal-strategies.ts';

/** How returns, inflation, cash and fees were modelled (the returns side of `assumptions`). */
function returnAssumptionsJson(options: SimulationOptions) {
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
const roundTenths = (value: number) => Math.round(value * 10) / 10;

function percentilesUsd(percentiles: Percentiles): Percentiles {
  return Object.fromEntries(
    PERCENTILE_KEYS.map((key) => [key, roundCents(percentiles[key])]),
  ) as Percentiles;
}

const incomeUsd = ({ p10, p50, p90 }: IncomePercentiles) => ({
  p10: roundCents(p10),
  p50: roundCents(p50),
  p90: roundCents(p90),
});

/**
 * Uncertainty of the success probability, in percentage points. Historical windows overlap, so
 * no binomial error applies; the count of windows and of independent periods is stated instead.
 */
export function successUncertaintyJson(result: SimulationResult) {
  const windows = result.historicalWindows;
  return {
    success_definition: result.successDefinition,
    success_standard_error:
      result.successStandardError === null ? null : roundPct(result.successStandardError),
    success_interval_95: result.successInterval95
      ? {
          low: roundPct(result.successInterval95.low),
          high: roundPct(result.successInterval95.high),
          method: 'Wilson score' as const,
        }
      : null,
    ...(windows
      ? {
          historical_windows: {
            count: windows.count,
            years_each: windows.years,
            data_years: windows.dataYears,
            overlapping: true as const,
            independent_periods: roundTenths(windows.dataYears / windows.years),
          },
        }
      : {}),
  };
}

/** The income metrics in snake_case: dollars rounded to cents, ratios as fractions. */
export function incomeJson(income: IncomeMetrics) {
  return {
    amounts: "real spending paid, today's dollars" as const,
    floor_fraction: income.floorFraction,
    first_year: incomeUsd(income.firstYear),
    minimum: incomeUsd(income.minimum),
    minimum_ratio: income.minimumRatio,
    years_below_floor: {
      mean: income.yearsBelowFloor.mean,
      p10: income.yearsBelowFloor.p10,
      p50: income.yearsBelowFloor.p50,
      p90: income.yearsBelowFloor.p90,
      share_of_paths_with_any: income.yearsBelowFloor.shareOfPathsWithAny,
    },
    cuts: income.cuts,
    by_year: income.byYear.map((row) => ({
      retirement_year: row.retirementYear,
      age: row.age,
      ...incomeUsd(row),
    })),
  };
}

/**
 * Income and expenses beside the portfolio, by the user's age; amounts as given (today's
 * dollars when indexed, nominal dollars when fixed).
 */
export function cashFlowsJson(options: SimulationOptions) {
  return (options.cashFlows ?? []).map((stream) => ({
    kind: stream.kind,
    person: stream.person,
    start_age: stream.startAge,
    claiming_age: stream.claimingAge ?? null,
    years: stream.years,
    annual_usd: roundCents(stream.annualUsd),
    inflation_indexed: stream.inflationIndexed,
    note: stream.note ?? null,
    description: describeCashFlow(stream),
  }));
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
): SimulationJson {
  const count =
    result.model === 'historical' ? { periods: result.paths } : { simulations: result.paths };
  const firstStartYear = result.startYears?.[0];
  const lastStartYear = result.startYears?.at(-1);
  return {
    model: result.model,
    seed: result.seed,
    ...count,
    success_probability: roundPct(result.successProbability),
    ...successUncertaintyJson(result),
    income: incomeJson(result.income),
    percentiles_at_retirement: percentilesUsd(result.percentilesAtRetirement),
    mean_at_retirement: roundCents(result.meanAtRetirement),
    percentiles_at_end: percentilesUsd(result.percentilesAtEnd),
    target_success: result.sustainable.targetSuccess,
    sustainable_withdrawal_rate: result.sustainable.withdrawalRate,
    sustainable_spending: roundCents(result.sustainable.spendingUsd),
    sustainable_basis: result.sustainable.basis,
    sustainable_timing: result.sustainable.timing,
    depletion_age_histogram: result.depletionHistogram.map((bucket) => ({
      retirement_year: bucket.retirementYear,
      age: bucket.age,
      count: bucket.count,
    })),
    ...(firstStartYear !== undefined && lastStartYear !== undefined
      ? {
          start_years: { first: firstStartYear, last: lastStartYear },
          // `start_year` is the first year of retirement; the path began saving earlier.
          worst_start_years: result.worstStartYears?.map((entry) => ({
            start_year: entry.retirementStartYear,
            saving_start_year: entry.pathStartYear,
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
    longevity: longevityJson(result.longevity),
    assumptions: {
      amounts: "today's dollars",
      balance_usd: options.balanceUsd,
      years_to_retirement: options.yearsToRetirement,
      retirement_years: options.retirementYears,
      annual_contribution_usd: options.annualContributionUsd,
      spending:
        options.strategy === 'vpw' ? 'set each year by the VPW percentage' : options.spending,
      inflation_adjusted: options.inflationAdjusted,
      ...returnAssumptionsJson(options),
      allocation: options.singleAsset ? null : options.allocation,
      single_asset: options.singleAsset ?? null,
      strategy: options.strategy,
      ...(options.strategy === 'vpw' ? { vpw_real_return: vpwRealReturn(options) } : {}),
      withdrawal_timing: options.withdrawalTiming,
      spending_floor: result.income.floorFraction,
      cash_flows: cashFlowsJson(options),
      source:
        dataSource ??
        (options.singleAsset ? 'given on the command line' : (options.assumptions?.source ?? null)),
    },
    taxes: taxesJson(options, result),
  };
}
