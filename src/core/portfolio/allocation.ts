import { ALLOCATION_SUM_TOLERANCE_PCT } from '../../contracts/allocation.ts';
import { centsToUsd, percentagesOf, splitByLargestRemainder } from '../money.ts';
import type { AllocationSlice } from './types.ts';

/**
 * An instrument's percent map as weights that sum to 100. A map off by more than the contract
 * tolerance is scaled to 100 and reported; an empty map becomes 100% `unclassified`.
 */
export function normaliseMap(map: Partial<Record<string, number>>): {
  weights: Map<string, number>;
  originalSumPct: number;
  normalised: boolean;
} {
  const entries = Object.entries(map).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0,
  );
  const sum = entries.reduce((total, [, pct]) => total + pct, 0);
  if (sum <= 0) {
    return { weights: new Map([['unclassified', 100]]), originalSumPct: 0, normalised: true };
  }
  const normalised = Math.abs(sum - 100) > ALLOCATION_SUM_TOLERANCE_PCT;
  return {
    weights: new Map(entries.map(([key, pct]) => [key, (pct / sum) * 100])),
    originalSumPct: sum,
    normalised,
  };
}

/** Adds an amount split exactly by weights into a running total per key. */
export function addSplit(
  totals: Map<string, number>,
  valueCents: number,
  weights: Map<string, number>,
): void {
  const keys = [...weights.keys()];
  const parts = splitByLargestRemainder(
    valueCents,
    keys.map((key) => weights.get(key) ?? 0),
  );
  keys.forEach((key, index) => totals.set(key, (totals.get(key) ?? 0) + (parts[index] ?? 0)));
}

/** Slices with value > 0, largest first, with percentages that sum to 100. */
export function toSlices<Key extends string>(totals: Map<string, number>): AllocationSlice<Key>[] {
  const entries = [...totals.entries()]
    .filter(([, cents]) => cents > 0)
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
  const pcts = percentagesOf(entries.map(([, cents]) => cents));
  return entries.map(([key, valueCents], index) => ({
    key: key as Key,
    valueCents,
    valueUsd: centsToUsd(valueCents),
    pct: pcts[index] ?? 0,
  }));
}
