import { AlexError, describeError } from '../errors.ts';
import type { PriceSource, Quote } from './price-source.ts';

/** A symbol that got no new price and keeps its last stored one, to be flagged stale. */
export interface StalePrice {
  symbol: string;
  lastPrice: number;
  lastSource: string;
  lastAsOf: string;
}

export interface PriceRefresh {
  /** New prices from the market source, for the caller to store. */
  updated: Quote[];
  /** Symbols that keep their last stored price; the analysis flags them as stale. */
  stale: StalePrice[];
  /** Symbols with no price anywhere; nothing is made up for them. */
  unpriced: string[];
  /** Sentences for the user about where the prices came from and what is missing. */
  notices: string[];
}

export interface RefreshPricesInput {
  symbols: string[];
  /** The market source (Polygon, or the stored prices when offline). */
  source: PriceSource;
  /** The last stored prices. */
  fallback: PriceSource;
  signal?: AbortSignal;
}

/**
 * Asks the market source for prices, and for every symbol it cannot price keeps the last
 * stored price, flagged stale. When the market source fails outright (Polygon down, plan not
 * entitled, timeout) every symbol falls back the same way and a notice says why. It writes
 * nothing: the job pipeline stores `updated` and records `stale` in the analysis.
 *
 * When `source` is the stored-price source itself (offline), its prices are old ones, so they
 * are reported as stale with their dates, never as updated.
 */
export async function refreshPrices(input: RefreshPricesInput): Promise<PriceRefresh> {
  const symbols = [...new Set(input.symbols)];
  const refresh: PriceRefresh = { updated: [], stale: [], unpriced: [], notices: [] };
  if (symbols.length === 0) return refresh;
  const offline = input.source === input.fallback;
  const requestOptions = input.signal ? { signal: input.signal } : {};

  let needStored = symbols;
  if (!offline) {
    try {
      const fresh = await input.source.getQuotes(symbols, requestOptions);
      refresh.updated = fresh.quotes;
      refresh.notices.push(...fresh.notices);
      const priced = new Set(fresh.quotes.map((quote) => quote.symbol));
      needStored = symbols.filter((symbol) => !priced.has(symbol));
    } catch (error) {
      // An AlexError here is the source failing (UpstreamError, TimeoutError): prices degrade to
      // the stored ones. Anything else is a bug or a cancelled run, and goes up.
      if (!(error instanceof AlexError)) throw error;
      refresh.notices.push(
        `${input.source.name} prices unavailable (${describeError(error)}); using stored prices`,
      );
    }
  }
  if (needStored.length === 0) return refresh;

  const stored = await input.fallback.getQuotes(needStored, requestOptions);
  refresh.notices.push(...stored.notices);
  refresh.stale = stored.quotes.map((quote) => ({
    symbol: quote.symbol,
    lastPrice: quote.priceUsd,
    lastSource: quote.source,
    lastAsOf: quote.asOf,
  }));
  const kept = new Set(refresh.stale.map((price) => price.symbol));
  refresh.unpriced = needStored.filter((symbol) => !kept.has(symbol));

  if (refresh.stale.length > 0 && !offline) {
    refresh.notices.push(
      `no new price for ${refresh.stale.map((price) => price.symbol).join(', ')}: ` +
        'kept the last stored price (stale)',
    );
  }
  if (refresh.unpriced.length > 0) {
    refresh.notices.push(`no price at all for ${refresh.unpriced.join(', ')}`);
  }
  return refresh;
}
