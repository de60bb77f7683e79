import type { NumberLike } from './api/types.ts';

// Display helpers. Unknown values stay unknown: null in, an em dash out, never a zero.

export const UNKNOWN = '—';

export function toNumber(value: NumberLike | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

const usdWhole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const usdCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdCompact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

export function formatUsd(value: number | null | undefined, cents = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNKNOWN;
  return (cents ? usdCents : usdWhole).format(value);
}

export function formatUsdCompact(value: number): string {
  return usdCompact.format(value);
}

export function formatPct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNKNOWN;
  return `${value.toFixed(digits)}%`;
}

export function formatSignedPct(value: number, digits = 1): string {
  return `${value > 0 ? '+' : ''}${value.toFixed(digits)} pts`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return UNKNOWN;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? UNKNOWN : date.toLocaleString();
}

export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return UNKNOWN;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatCostUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return UNKNOWN;
  return `$${value.toFixed(value < 0.01 && value > 0 ? 4 : 2)}`;
}

// Words in the API's keys that are proper nouns: capitalised wherever they appear.
const PROPER_NOUNS: Record<string, string> = {
  america: 'America',
  europe: 'Europe',
  asia: 'Asia',
  africa: 'Africa',
  oceania: 'Oceania',
  east: 'East',
  social: 'Social',
  security: 'Security',
};

/**
 * `asset_class` → `Asset class`, `north_america` → `North America`,
 * `claim_social_security_later` → `Claim Social Security later`.
 */
export function humanKey(key: string): string {
  const words = key.split('_').map((word) => PROPER_NOUNS[word] ?? word);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
