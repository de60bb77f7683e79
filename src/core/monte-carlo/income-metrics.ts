import type { PathResults } from './engine.ts';
import { mean, quantilesInPlace } from './statistics.ts';
import type { IncomeMetrics, IncomePercentiles } from './types.ts';

/** p10, p50 and p90 only: selecting the other four percentiles would cost a third more. */
function pick(values: Float64Array): IncomePercentiles {
  const [p10 = 0, p50 = 0, p90 = 0] = quantilesInPlace(values, [0.1, 0.5, 0.9]);
  return { p10, p50, p90 };
}

/**
 * What the paths paid to live on: percentiles across paths of each year's real spending, of each
 * path's first-year and lowest spending, of the years below the floor and of the real cuts.
 * `ageOfRetirementYear` labels a year by the age its payment is due.
 */
export function incomeMetrics(
  results: PathResults,
  floorFraction: number,
  ageOfRetirementYear: (retirementYear: number) => number | null,
): IncomeMetrics {
  const { paths, retirementYears } = results;
  const byYear: IncomeMetrics['byYear'] = [];
  for (let year = 0; year < retirementYears; year++) {
    // The income buffer is not read again, so its columns may be reordered in place.
    const column = results.income.subarray(year * paths, (year + 1) * paths);
    byYear.push({ retirementYear: year, age: ageOfRetirementYear(year), ...pick(column) });
  }
  const ratio = new Float64Array(paths);
  for (let path = 0; path < paths; path++) {
    const first = results.firstIncome[path]!;
    ratio[path] = first > 0 ? results.minIncome[path]! / first : 1;
  }
  const below = Float64Array.from(results.yearsBelowFloor);
  let pathsBelow = 0;
  for (let path = 0; path < paths; path++) if (below[path]! > 0) pathsBelow++;
  const cuts = Float64Array.from(results.cuts);
  return {
    floorFraction,
    firstYear: pick(Float64Array.from(results.firstIncome)),
    byYear,
    minimum: pick(Float64Array.from(results.minIncome)),
    minimumRatio: pick(ratio),
    yearsBelowFloor: {
      mean: mean(below),
      shareOfPathsWithAny: paths > 0 ? pathsBelow / paths : 0,
      ...pick(below),
    },
    cuts: { mean: mean(cuts), ...pick(cuts) },
  };
}
