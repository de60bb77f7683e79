import { percentagesOf } from '../money.ts';
import { addSplit, normaliseMap } from '../portfolio/allocation.ts';
import type { PortfolioAnalytics, PortfolioInput } from '../portfolio/types.ts';
import type { CurrencyBucket } from './types.ts';

/**
 * What each bucket means. Alex knows regions, not currencies, and a region is not a currency:
 * Europe trades in EUR, GBP, CHF, SEK and more; North America includes Canada's CAD. So only two
 * things are counted as US dollars: cash (accounts hold dollars) and an instrument classified
 * 100% North America (the reference data marks US funds and US stocks so; a Canadian stock
 * tagged the same would be miscounted, a stated limit). Everything else stays a region, labelled
 * as mixed or unknown, rather than being given an invented currency split.
 */
const BUCKETS: Record<string, { label: string; currency: string | null }> = {
  usd: { label: 'US dollar (cash and US-only holdings)', currency: 'USD' },
  north_america: {
    label: 'North America in mixed funds (USD and CAD, split unknown)',
    currency: null,
  },
  europe: { label: 'Europe (mixed currencies: EUR, GBP, CHF, SEK and others)', currency: null },
  asia: { label: 'Asia (mixed currencies)', currency: null },
  oceania: { label: 'Oceania (mixed currencies)', currency: null },
  latin_america: { label: 'Latin America (mixed currencies)', currency: null },
  middle_east: { label: 'Middle East (mixed currencies)', currency: null },
  africa: { label: 'Africa (mixed currencies)', currency: null },
  global: { label: 'Global (currency not determinable, e.g. commodities)', currency: null },
  international: { label: 'International (currency not determinable)', currency: null },
  unclassified: { label: 'Unclassified (no region known)', currency: null },
};

export function currencyExposure(
  input: PortfolioInput,
  analytics: PortfolioAnalytics,
): CurrencyBucket[] {
  const totals = new Map<string, number>([['usd', analytics.cash.valueCents]]);
  for (const position of analytics.positions) {
    const regions = input.instruments[position.symbol]?.regions ?? {};
    const weights = normaliseMap(regions).weights;
    if (weights.size === 1 && weights.has('north_america')) {
      totals.set('usd', (totals.get('usd') ?? 0) + position.valueCents);
    } else {
      addSplit(totals, position.valueCents, weights);
    }
  }
  const entries = [...totals.entries()]
    .filter(([, cents]) => cents > 0)
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
  const pcts = percentagesOf(entries.map(([, cents]) => cents));
  return entries.map(([key, valueCents], index) => ({
    key,
    label: BUCKETS[key]?.label ?? key,
    currency: BUCKETS[key]?.currency ?? null,
    valueCents,
    pct: pcts[index] ?? 0,
  }));
}
