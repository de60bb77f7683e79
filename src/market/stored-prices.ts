import type { PriceSource, Quote, QuoteResult } from './price-source.ts';

/** A price as the database keeps it on an instrument; any part may be absent. */
export interface StoredPrice {
  symbol: string;
  priceUsd: number | null;
  /** The source the price was stored with: `seed`, `polygon:grouped-daily`, … */
  priceSource: string | null;
  /** The ISO date or datetime the price was true at. */
  priceAsOf: string | null;
}

/** Reads the last stored prices (backed by the instruments table). */
export interface StoredPriceReader {
  /** The stored price of each known symbol among `symbols`; unknown symbols are left out. */
  storedPrices(symbols: string[]): Promise<StoredPrice[]>;
}

/**
 * A price source over the prices already in the database. Each price keeps the source it
 * was stored with, so a seed price still says `seed`. A row without a usable price or
 * without a date is reported as missing: a price whose age cannot be told is not used.
 */
export function createStoredPriceSource(
  reader: StoredPriceReader,
  options: { notice?: string } = {},
): PriceSource {
  return {
    name: 'stored',
    async getQuotes(symbols) {
      const wanted = [...new Set(symbols)];
      const rows = wanted.length === 0 ? [] : await reader.storedPrices(wanted);
      const rowBySymbol = new Map(rows.map((row) => [row.symbol, row]));
      const result: QuoteResult = {
        quotes: [],
        missing: [],
        notices: options.notice ? [options.notice] : [],
      };
      const undated: string[] = [];
      for (const symbol of wanted) {
        const row = rowBySymbol.get(symbol);
        const quote = row ? toQuote(row) : undefined;
        if (quote) result.quotes.push(quote);
        else result.missing.push(symbol);
        if (row && !quote && isUsablePrice(row.priceUsd) && !row.priceAsOf) undated.push(symbol);
      }
      if (undated.length > 0) {
        result.notices.push(`stored price without a date, not used: ${undated.join(', ')}`);
      }
      return result;
    },
  };
}

function toQuote(row: StoredPrice): Quote | undefined {
  if (!isUsablePrice(row.priceUsd) || !row.priceAsOf) return undefined;
  return {
    symbol: row.symbol,
    priceUsd: row.priceUsd,
    source: row.priceSource ?? 'stored',
    asOf: row.priceAsOf,
  };
}

function isUsablePrice(priceUsd: number | null): priceUsd is number {
  return priceUsd !== null && Number.isFinite(priceUsd) && priceUsd > 0;
}

const SOURCE_LABELS: Record<string, string> = {
  seed: 'seed price',
  stored: 'stored price',
  'polygon:grouped-daily': 'Polygon daily close',
  'polygon:snapshot': 'Polygon snapshot price',
};

const MS_PER_DAY = 86_400_000;

/**
 * How old a price is, in words: `seed price from 2024-12-31 (330 days old)`. `today` is the
 * caller's calendar date (`YYYY-MM-DD`); a datetime `asOf` counts by its UTC date.
 */
export function describePriceAge(quote: Pick<Quote, 'source' | 'asOf'>, today: string): string {
  const label = SOURCE_LABELS[quote.source] ?? `${quote.source} price`;
  const date = quote.asOf.slice(0, 10);
  const days = Math.round((Date.parse(today.slice(0, 10)) - Date.parse(date)) / MS_PER_DAY);
  if (!Number.isFinite(days)) return `${label} from ${quote.asOf}`;
  return `${label} from ${date} (${describeDays(days, today)})`;
}

function describeDays(days: number, today: string): string {
  if (days === 0) return 'today';
  if (days === 1) return '1 day old';
  if (days > 1) return `${days.toLocaleString('en-US')} days old`;
  return `dated after ${today}`;
}
