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
 * p5 to p95 of `values` (the same figures as percentilesOfSorted of their sorted copy),
 * reordering them in place. 91 columns of 10,000 values per simulation: sorting them cost more
 * than the simulation, so only the 14 order statistics the interpolation reads are put in place.
 */
export function percentilesInPlace(values: Float64Array): Percentiles {
  const levels = quantilesInPlace(values, PERCENTILE_LEVEL_LIST);
  const result = {} as Percentiles;
  PERCENTILE_KEYS.forEach((key, index) => (result[key] = levels[index]!));
  return result;
}

const PERCENTILE_LEVEL_LIST = PERCENTILE_KEYS.map((key) => PERCENTILE_LEVELS[key]);

/**
 * Type-7 quantiles (as quantileOfSorted) of `values` at each of `levels`, reordering the values
 * in place: a caller that needs three percentiles does not pay for seven.
 */
export function quantilesInPlace(values: Float64Array, levels: readonly number[]): number[] {
  const count = values.length;
  if (count === 0) return levels.map(() => 0);
  // The two order statistics each level interpolates between, ascending and distinct.
  const ranks: number[] = [];
  for (const level of levels) {
    const below = Math.floor((count - 1) * level);
    ranks.push(below, Math.min(below + 1, count - 1));
  }
  const wanted = Int32Array.from(new Set(ranks)).sort();
  selectRanks(values, 0, count - 1, wanted, 0, wanted.length, introspectionDepth(count));
  return levels.map((level) => {
    const position = (count - 1) * level;
    const below = Math.floor(position);
    const lower = values[below]!;
    const upper = values[Math.min(below + 1, count - 1)]!;
    return lower + (upper - lower) * (position - below);
  });
}

/** Segments shorter than this are insertion-sorted. */
const INSERTION_SORT_SIZE = 16;

/** Partition rounds allowed before a segment is sorted outright (introselect, Musser 1997). */
function introspectionDepth(count: number): number {
  return 2 * Math.ceil(Math.log2(count + 1));
}

/**
 * Quickselect (Hoare 1961) for several ranks at once: puts the values of `ranks[first]` to
 * `ranks[end − 1]` (ascending, within [low, high]) where a full sort would, recursing only
 * into the parts that hold a wanted rank. The partitions are branch-free: on random data a
 * comparison that decides a jump is mispredicted half the time, which cost four times the
 * partition itself. Values must not be NaN.
 */
function selectRanks(
  values: Float64Array,
  low: number,
  high: number,
  ranks: Int32Array,
  first: number,
  end: number,
  depth: number,
): void {
  let segmentLow = low;
  let firstRank = first;
  let depthLeft = depth;
  while (firstRank < end && segmentLow < high) {
    if (high - segmentLow < INSERTION_SORT_SIZE) {
      insertionSort(values, segmentLow, high);
      return;
    }
    if (depthLeft === 0) {
      // Pivots have gone badly many times in a row: an O(n log n) sort bounds the cost.
      values.subarray(segmentLow, high + 1).sort();
      return;
    }
    depthLeft--;
    const middle = (segmentLow + high) >>> 1;
    const pivot = medianOfThree(values[segmentLow]!, values[middle]!, values[high]!);
    const belowEnd = partitionBelow(values, segmentLow, high, pivot);
    if (belowEnd === segmentLow) {
      // Nothing is below the pivot, the segment's minimum: the values equal to it go first
      // and are in their sorted places, which also ends runs of equal values.
      const equalEnd = partitionNotAbove(values, segmentLow, high, pivot);
      while (firstRank < end && ranks[firstRank]! < equalEnd) firstRank++;
      segmentLow = equalEnd;
      continue;
    }
    let split = firstRank;
    while (split < end && ranks[split]! < belowEnd) split++;
    if (split > firstRank) {
      selectRanks(values, segmentLow, belowEnd - 1, ranks, firstRank, split, depthLeft);
    }
    firstRank = split;
    segmentLow = belowEnd;
  }
}

/**
 * Moves the values below `pivot` to the front of [low, high] (Lomuto's scheme, swapping every
 * element) and returns where they end. `+(value < pivot)` compiles to a flag, not a jump.
 */
function partitionBelow(values: Float64Array, low: number, high: number, pivot: number): number {
  let boundary = low;
  for (let i = low; i <= high; i++) {
    const value = values[i]!;
    values[i] = values[boundary]!;
    values[boundary] = value;
    boundary += +(value < pivot);
  }
  return boundary;
}

/** As partitionBelow, for the values at most `pivot`. */
function partitionNotAbove(values: Float64Array, low: number, high: number, pivot: number): number {
  let boundary = low;
  for (let i = low; i <= high; i++) {
    const value = values[i]!;
    values[i] = values[boundary]!;
    values[boundary] = value;
    boundary += +(value <= pivot);
  }
  return boundary;
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
  const count = values.length;
  if (count === 0) return 0;
  const needed = Math.min(count, Math.max(1, Math.ceil(share * count - 1e-9)));
  // A copy: the caller's array stays in path order.
  const copy = Float64Array.from(values);
  const rank = Int32Array.of(count - needed);
  selectRanks(copy, 0, count - 1, rank, 0, 1, introspectionDepth(count));
  return copy[count - needed]!;
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
