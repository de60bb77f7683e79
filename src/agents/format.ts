// How agents write dollar amounts and percentages. The fact checks accept a figure rounded the
// way the text rounds it, so the reporter and the charter write every figure through these.

const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DOLLARS_AND_CENTS = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `$12,346`: whole dollars, for figures read at a glance. Sign is left to the words. */
export function formatWholeUsd(valueUsd: number): string {
  return `$${WHOLE_DOLLARS.format(Math.abs(valueUsd))}`;
}

/** `$12,346` from $100 up, `$72.50` below: as precise as a reader needs. Sign is left to the words. */
export function formatUsd(valueUsd: number): string {
  const magnitude = Math.abs(valueUsd);
  return magnitude >= 100 ? formatWholeUsd(magnitude) : `$${DOLLARS_AND_CENTS.format(magnitude)}`;
}

/** `12.3%` (one decimal by default; expense ratios use two). */
export function formatPct(pct: number, decimals = 1): string {
  return `${pct.toFixed(decimals)}%`;
}
