import { checkCashFlows } from './cash-flows.ts';
import { checkTaxes, taxOutcome } from './tax-outcome.ts';
import { DEFAULT_SPENDING_FLOOR, runPaths, type PathResults } from './engine.ts';
import { incomeMetrics } from './income-metrics.ts';
import { longevityResult } from './longevity.ts';
import { sharedWorkspace } from './path-workspace.ts';
import { binomialStandardError, mean, percentilesInPlace, wilsonInterval } from './statistics.ts';
import { DEFAULT_TARGET_SUCCESS, sustainableSpending } from './sustainable-spending.ts';
import type { SeriesPoint, SimulationOptions, SimulationResult } from './types.ts';
import { successDefinitionOf } from './withdrawal-strategies.ts';
import { paymentYearOffset } from './withdrawal-timing.ts';

/** Allocation fractions must sum to 1 within this tolerance. */
const ALLOCATION_SUM_TOLERANCE = 1e-6;

/**
 * Monte Carlo (or historical) projection of a savings-then-retirement plan. For constant-dollar
 * withdrawals success means every withdrawal was paid in full, as in the Trinity study (Cooley,
 * Hubbard and Walz 1998); a variable strategy must also keep real spending above the floor.
 * Amounts are in today's dollars. Pure: the same options give the same result.
 */
export function simulateRetirement(options: SimulationOptions): SimulationResult {
  checkOptions(options);
  // The summary reads the paths before returning and keeps none of their arrays.
  const results = runPaths(options, { wealth: true }, sharedWorkspace);
  return summarise(options, results);
}

/**
 * Only the success probability of a plan: the same paths as simulateRetirement, without the
 * percentiles and spending statistics (the levers need nothing else, and those take longer
 * than the paths themselves).
 */
export function successProbabilityOf(options: SimulationOptions): number {
  checkOptions(options);
  const { paths, failed } = runPaths(options, { wealth: false }, sharedWorkspace);
  let failures = 0;
  for (let path = 0; path < paths; path++) failures += failed[path]!;
  return paths === 0 ? 0 : (paths - failures) / paths;
}

function summarise(options: SimulationOptions, results: PathResults): SimulationResult {
  const { paths, years, wealth, depletionYear } = results;
  let failures = 0;
  const depletionCounts = new Map<number, number>();
  for (let path = 0; path < paths; path++) {
    failures += results.failed[path]!;
    const year = depletionYear[path]!;
    if (year >= 0) depletionCounts.set(year, (depletionCounts.get(year) ?? 0) + 1);
  }
  const successProbability = paths === 0 ? 0 : (paths - failures) / paths;
  const sustainable = sustainableSpending(
    results,
    options.targetSuccess ?? DEFAULT_TARGET_SUCCESS,
    options.inflationAdjusted,
    options.withdrawalTiming,
  );
  const worstStartYears = results.startYears
    ? results.startYears
        .map((pathStartYear, path) => ({
          retirementStartYear: pathStartYear + options.yearsToRetirement,
          pathStartYear,
          withdrawalRate: results.maxWithdrawalRate[path]!,
        }))
        .sort((left, right) => left.withdrawalRate - right.withdrawalRate)
        .slice(0, 5)
    : null;
  const meanAtRetirement = mean(results.atRetirement);
  const ageAt = (yearOffset: number) =>
    options.currentAgeYears === undefined ? null : options.currentAgeYears + yearOffset;
  const ageOfPayment = (retirementYear: number) =>
    ageAt(options.yearsToRetirement + paymentYearOffset(options.withdrawalTiming, retirementYear));
  const historical = options.model === 'historical';
  const series: SeriesPoint[] = [];
  for (let yearOffset = 0; yearOffset <= years; yearOffset++) {
    const column = wealth.subarray(yearOffset * paths, (yearOffset + 1) * paths);
    series.push({
      yearOffset,
      age: ageAt(yearOffset),
      phase: yearOffset < options.yearsToRetirement ? 'accumulation' : 'retirement',
      ...percentilesInPlace(column),
    });
  }
  const pick = (yearOffset: number) => {
    const { yearOffset: _offset, age: _age, phase: _phase, ...percentiles } = series[yearOffset]!;
    return percentiles;
  };
  return {
    model: options.model,
    paths,
    startYears: results.startYears,
    seed: options.seed,
    successDefinition: successDefinitionOf(options.strategy),
    successProbability,
    successStandardError: historical ? null : binomialStandardError(successProbability, paths),
    successInterval95: historical ? null : wilsonInterval(successProbability, paths),
    historicalWindows: historical
      ? { count: paths, years, dataYears: options.historicalReturns?.length ?? 0 }
      : null,
    income: incomeMetrics(results, options.spendingFloor ?? DEFAULT_SPENDING_FLOOR, ageOfPayment),
    percentilesAtRetirement: pick(options.yearsToRetirement),
    meanAtRetirement,
    percentilesAtEnd: pick(years),
    series,
    depletionHistogram: [...depletionCounts.entries()]
      .sort(([left], [right]) => left - right)
      .map(([retirementYear, count]) => ({
        retirementYear,
        age: ageOfPayment(retirementYear),
        count,
      })),
    sustainable,
    taxes: options.taxes ? taxOutcome(results) : null,
    worstStartYears,
    longevity: options.longevity
      ? longevityResult(
          options.longevity,
          {
            yearsToRetirement: options.yearsToRetirement,
            retirementYears: options.retirementYears,
            timing: options.withdrawalTiming,
            historical,
          },
          results.depletionYear,
        )
      : null,
  };
}

/** Programming errors only: callers validate user input (the CLI with zod) before this. */
function checkOptions(options: SimulationOptions): void {
  const wholeYears = (value: number) => Number.isInteger(value) && value >= 0;
  if (!wholeYears(options.yearsToRetirement) || !wholeYears(options.retirementYears)) {
    throw new RangeError('yearsToRetirement and retirementYears must be whole numbers >= 0');
  }
  if (options.retirementYears < 1) throw new RangeError('retirementYears must be at least 1');
  if (!Number.isInteger(options.simulations) || options.simulations < 1) {
    throw new RangeError('simulations must be a positive integer');
  }
  if (!options.singleAsset) {
    const total = Object.values(options.allocation).reduce((sum, weight) => sum + weight, 0);
    if (Math.abs(total - 1) > ALLOCATION_SUM_TOLERANCE) {
      throw new RangeError(`allocation fractions sum to ${total}, not 1`);
    }
  }
  if (options.balanceUsd < 0 || options.annualContributionUsd < 0) {
    throw new RangeError('balance and contribution must be >= 0');
  }
  if (!options.inflationAdjusted && options.strategy !== 'constant-dollar') {
    throw new RangeError('only constant-dollar withdrawals have a fixed-nominal form');
  }
  const floor = options.spendingFloor ?? DEFAULT_SPENDING_FLOOR;
  if (!(floor >= 0 && floor <= 1)) throw new RangeError('spendingFloor must be between 0 and 1');
  checkCashFlows(options);
  if (options.longevity && options.longevity.currentAge !== options.currentAgeYears) {
    throw new RangeError('longevity needs currentAgeYears, the age its survival starts from');
  }
  checkTaxes(options);
}
