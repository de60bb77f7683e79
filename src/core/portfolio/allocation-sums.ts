import { ALLOCATION_SUM_TOLERANCE_PCT } from '../../contracts/allocation.ts';

/** A percent map as the contracts allow it (every key optional). */
type PercentMap = Partial<Record<string, number>>;

/** The sum of a percent map's values; an empty map sums to 0. */
export function allocationTotalPct(allocation: PercentMap): number {
  return Object.values(allocation).reduce<number>((sum, pct) => sum + (pct ?? 0), 0);
}

/** True when the map adds up to 100 within ALLOCATION_SUM_TOLERANCE_PCT. */
export function sumsToHundred(allocation: PercentMap): boolean {
  return Math.abs(allocationTotalPct(allocation) - 100) <= ALLOCATION_SUM_TOLERANCE_PCT;
}

/**
 * What is wrong with the sums of an instrument's allocation groups (keyed by group name, e.g.
 * assetClass, regions, sectors): one line per group that does not add up to 100 within
 * ALLOCATION_SUM_TOLERANCE_PCT, prefixed with `what` (usually the symbol). Empty when all are right.
 */
export function allocationSumProblems(
  allocations: Readonly<Record<string, PercentMap>>,
  what: string,
): string[] {
  return Object.entries(allocations)
    .filter(([, allocation]) => !sumsToHundred(allocation))
    .map(([group, allocation]) => {
      const total = Number(allocationTotalPct(allocation).toFixed(4));
      return `${what}: ${group} percentages sum to ${total}, not 100 (± ${ALLOCATION_SUM_TOLERANCE_PCT})`;
    });
}
