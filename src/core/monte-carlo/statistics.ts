import { PERCENTILE_KEYS, type Percentiles } from './types.ts';

const PERCENTILE_LEVELS: Record<(typeof PERCENTILE_KEYS)[number], number> = {
  p5: 0.05,
  p10: 0.1,
  p25: 0.25,
  p50: 0.5,
  p75: 0.75,
  p90: 0.9,
  p95: 0.95,
};

/** Quantile of sorted values by linear interpolation between order statistics (Hyndman-Fan type 7). */
export function quantileOfSorted(sorted: Float64Array, level: number): number {
  const count = sorted.length;
  if (count === 0) return 0;
  const position = (count - 1) * level;
  const below = Math.floor(position);
  const above = Math.min(below + 1, count - 1);
  const lower = sorted[below] ?? 0;
  return lower + ((sorted[above] ?? lower) - lower) * (position - below);
}

/** p5 to p95 of values that are already sorted ascending. */
export function percentilesOfSorted(sorted: Float64Array): Percentiles {
  const result = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) result[key] = quantileOfSorted(sorted, PERCENTILE_LEVELS[key]);
  return result;
}

/**
 * p5 to p95 of `values`, reordering them in place. Rather than sorting (60 sorts of 10,000
 * values cost more than the simulation), a quickselect (Hoare 1961) that recurses only into
 * the parts holding a wanted rank puts the 14 interpolation neighbours in place.
 */
export function percentilesInPlace(values: Float64Array): Percentiles {
  const count = values.length;
  const result = {} as Percentiles;
  if (count === 0) {
    for (const key of PERCENTILE_KEYS) result[key] = 0;
    return result;
  }
  const ranks: number[] = [];
  for (const key of PERCENTILE_KEYS) {
    const position = (count - 1) * PERCENTILE_LEVELS[key];
    ranks.push(Math.floor(position), Math.min(Math.floor(position) + 1, count - 1));
  }
  selectRanks(
    values,
    0,
    count - 1,
    [...new Set(ranks)].sort((left, right) => left - right),
  );
  for (const key of PERCENTILE_KEYS) {
    const position = (count - 1) * PERCENTILE_LEVELS[key];
    const below = Math.floor(position);
    const lower = values[below]!;
    const upper = values[Math.min(below + 1, count - 1)]!;
    result[key] = lower + (upper - lower) * (position - below);
  }
  return result;
}

const INSERTION_SORT_SIZE = 24;

/** Places the values of the given sorted ranks (within [low, high]) where a full sort would. */
function selectRanks(values: Float64Array, low: number, high: number, ranks: number[]): void {
  if (ranks.length === 0 || low >= high) return;
  if (high - low < INSERTION_SORT_SIZE) {
    insertionSort(values, low, high);
    return;
  }
  const middle = (low + high) >>> 1;
  const pivot = medianOfThree(values[low]!, values[middle]!, values[high]!);
  let left = low;
  let right = high;
  while (left <= right) {
    while (values[left]! < pivot) left++;
    while (values[right]! > pivot) right--;
    if (left <= right) {
      const swap = values[left]!;
      values[left] = values[right]!;
      values[right] = swap;
      left++;
      right--;
    }
  }
  // Now [low, right] ≤ pivot ≤ [left, high], and anything strictly between equals the pivot.
  selectRanks(
    values,
    low,
    right,
    ranks.filter((rank) => rank <= right),
  );
  selectRanks(
    values,
    left,
    high,
    ranks.filter((rank) => rank >= left),
  );
}

function insertionSort(values: Float64Array, low: number, high: number): void {
  for (let i = low + 1; i <= high; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= low && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length === 0 ? 0 : sum / values.length;
}

/**
 * The largest threshold met by at least `share` of the values: with values sorted ascending,
 * the (n − ⌈share·n⌉)-th. At share 1 it is the minimum (the SAFEMAX over all periods).
 */
export function valueMetByShare(values: Float64Array, share: number): number {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  if (count === 0) return 0;
  const needed = Math.min(count, Math.max(1, Math.ceil(share * count - 1e-9)));
  return sorted[count - needed] ?? 0;
}

/** Two-sided 95% normal quantile. */
export const Z_95 = 1.959963984540054;

/** Standard error of a share p estimated from n independent draws: √(p(1 − p)/n). */
export function binomialStandardError(share: number, draws: number): number {
  return draws > 0 ? Math.sqrt((share * (1 - share)) / draws) : 0;
}

/**
 * Wilson (1927) score interval for a share from n independent draws. Unlike p ± z·SE it does
 * not collapse to a point at 0% or 100%, where a run of 10,000 successes still leaves doubt.
 */
export function wilsonInterval(
  share: number,
  draws: number,
  z = Z_95,
): { low: number; high: number } {
  if (draws <= 0) return { low: 0, high: 1 };
  const z2n = (z * z) / draws;
  const centre = (share + z2n / 2) / (1 + z2n);
  const halfWidth = (z * Math.sqrt((share * (1 - share)) / draws + z2n / (4 * draws))) / (1 + z2n);
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}
