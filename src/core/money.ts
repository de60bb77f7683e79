// Money is integer cents; one rounding rule (half away from zero, at the cent) applied once,
// where a dollar amount becomes cents. Shares of a total are split with the largest-remainder
// method (Hamilton's method) so parts always add back to the total exactly.

/**
 * Dollars to integer cents. The product is first cut to 15 significant digits so binary
 * noise (1.005 × 100 = 100.49999…) does not flip the rounding.
 */
export function usdToCents(usd: number): number {
  const cents = Number((usd * 100).toPrecision(15));
  return Math.sign(cents) * Math.round(Math.abs(cents));
}

export function centsToUsd(cents: number): number {
  return cents / 100;
}

/** Value of a holding in cents: quantity × price, rounded once. */
export function holdingValueCents(quantity: number, priceUsd: number): number {
  return usdToCents(quantity * priceUsd);
}

/**
 * Splits `total` (an integer) in proportion to `weights` into integers that sum to `total`
 * exactly: floor each share, then hand the remaining units to the largest remainders.
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
  if (weightSum <= 0 || total === 0) return weights.map(() => 0);
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);
  const exact = weights.map((weight) => (Math.max(0, weight) / weightSum) * magnitude);
  const parts = exact.map((share) => Math.floor(share));
  let leftover = magnitude - parts.reduce((sum, part) => sum + part, 0);
  const order = exact
    .map((share, index) => ({ index, remainder: share - Math.floor(share) }))
    .sort((left, right) => right.remainder - left.remainder || left.index - right.index);
  for (const { index } of order) {
    if (leftover <= 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    leftover--;
  }
  return parts.map((part) => sign * part);
}

/** Percentages (two decimals) of each value in their sum, adding to exactly 100 when the sum is positive. */
export function percentagesOf(values: readonly number[]): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return values.map(() => 0);
  return splitByLargestRemainder(10_000, values).map((basisPoints) => basisPoints / 100);
}

/** One value's percentage of a total, to two decimals (for single figures, not sets). */
export function percentOf(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 10_000) / 100 : 0;
}
