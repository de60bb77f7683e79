import { runPaths, type PathResults } from './engine.ts';
import { mean, percentilesInPlace } from './statistics.ts';
import { DEFAULT_TARGET_SUCCESS, sustainableSpending } from './sustainable-spending.ts';
import type { SeriesPoint, SimulationOptions, SimulationResult } from './types.ts';

/** Allocation fractions must sum to 1 within this tolerance. */
const ALLOCATION_SUM_TOLERANCE = 1e-6;

/**
 * Monte Carlo (or historical) projection of a savings-then-retirement plan. Success means
 * every retirement withdrawal was paid in full, as in the Trinity study (Cooley, Hubbard and
 * Walz 1998). Amounts are in today's dollars. Pure: the same options give the same result.
 */
export function simulateRetirement(options: SimulationOptions): SimulationResult {
  checkOptions(options);
  const results = runPaths(options);
  return summarise(options, results);
}

/**
 * Only the success probability of a plan: the same paths as simulateRetirement, without the
 * percentiles and spending statistics (the levers need nothing else, and those take longer
 * than the paths themselves).
 */
export function successProbabilityOf(options: SimulationOptions): number {
  checkOptions(options);
  const { paths, depletionYear } = runPaths(options, { wealth: false });
  let failures = 0;
  for (let path = 0; path < paths; path++) if (depletionYear[path]! >= 0) failures++;
  return paths === 0 ? 0 : (paths - failures) / paths;
}

function summarise(options: SimulationOptions, results: PathResults): SimulationResult {
  const { paths, years, wealth, depletionYear } = results;
  let failures = 0;
  const depletionCounts = new Map<number, number>();
  for (let path = 0; path < paths; path++) {
    const year = depletionYear[path]!;
    if (year >= 0) {
      failures++;
      depletionCounts.set(year, (depletionCounts.get(year) ?? 0) + 1);
    }
  }
  const sustainable = sustainableSpending(results, options.targetSuccess ?? DEFAULT_TARGET_SUCCESS);
  const worstStartYears = results.startYears
    ? results.startYears
        .map((startYear, path) => ({
          startYear,
          withdrawalRate: results.maxWithdrawalRate[path]!,
        }))
        .sort((left, right) => left.withdrawalRate - right.withdrawalRate)
        .slice(0, 5)
    : null;
  const meanAtRetirement = mean(results.atRetirement);
  const ageAt = (yearOffset: number) =>
    options.currentAgeYears === undefined ? null : options.currentAgeYears + yearOffset;
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
    successProbability: paths === 0 ? 0 : (paths - failures) / paths,
    percentilesAtRetirement: pick(options.yearsToRetirement),
    meanAtRetirement,
    percentilesAtEnd: pick(years),
    series,
    depletionHistogram: [...depletionCounts.entries()]
      .sort(([left], [right]) => left - right)
      .map(([retirementYear, count]) => ({
        retirementYear,
        age: ageAt(options.yearsToRetirement + retirementYear),
        count,
      })),
    sustainable,
    worstStartYears,
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
}
