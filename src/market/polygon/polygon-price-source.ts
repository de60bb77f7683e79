import { ConfigError, UpstreamError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Secret } from '../../secret.ts';
import type { DailyCloseCache } from '../daily-close-cache.ts';
import type { PriceSource, Quote, QuoteResult } from '../price-source.ts';
import { createPolygonClient } from './client.ts';
import type { SnapshotTicker } from './response-schemas.ts';
import { epochToIso, toPolygonTicker, tradingDateOf } from './tickers.ts';
import { createThrottle, PLAN_LIMITS, systemClock, type Clock, type Sleep } from './throttle.ts';

export interface PolygonPriceSourceOptions {
  apiKey: Secret;
  /** `free`: previous day's grouped daily closes; `paid`: current snapshots. */
  plan: 'free' | 'paid';
  baseUrl: string;
  /** Where the grouped daily closes are kept per trading date (the database in production). */
  cache: DailyCloseCache;
  fetch?: typeof fetch;
  clock?: Clock;
  sleep?: Sleep;
  timeoutMs?: number;
  logger?: Logger;
}

// SPY trades in every US session, so its previous-day bar dates the last complete session.
const MARKET_CALENDAR_TICKER = 'SPY';
// The last trading date changes at most once a day, after the close. Re-asking once an hour
// costs one request and picks up a new session within the hour.
const TRADING_DATE_TTL_MS = 60 * 60 * 1000;
// Polygon's documentation sets no limit on tickers per snapshot request but warns that the
// URL length of the client is the practical one; 250 symbols keep URLs short.
const SNAPSHOT_BATCH_SIZE = 250;
// After a 429 without Retry-After: on the free plan one of the 5 per-minute slots frees
// within 12 s at most; paid plans have no per-minute cap, so a short pause suffices.
const BACKOFF_BASE_MS = { free: 12_000, paid: 1_000 } as const;

/**
 * Prices from Polygon. Free plan: the closes of the last trading day for the whole US market
 * (two requests, then answered from `cache` for the rest of that day). Paid plan: current
 * snapshots of the requested tickers, falling back to the last daily close for a ticker with
 * no trade yet today.
 */
export function createPolygonPriceSource(options: PolygonPriceSourceOptions): PriceSource {
  validateOptions(options);
  const clock = options.clock ?? systemClock;
  const client = createPolygonClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    throttle: createThrottle({
      ...PLAN_LIMITS[options.plan],
      clock,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    }),
    backoffBaseMs: BACKOFF_BASE_MS[options.plan],
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  let learnt: { date: string; atMs: number } | undefined;

  async function lastTradingDate(signal: AbortSignal | undefined): Promise<string> {
    if (learnt && clock() - learnt.atMs < TRADING_DATE_TTL_MS) return learnt.date;
    const response = await client.previousClose(MARKET_CALENDAR_TICKER, signal);
    const stamp = response.results?.find((bar) => typeof bar.t === 'number')?.t;
    if (typeof stamp !== 'number') {
      throw new UpstreamError(
        'polygon',
        `previous close of ${MARKET_CALENDAR_TICKER} has no bar, so the last trading date is unknown`,
        { retryable: false },
      );
    }
    learnt = { date: tradingDateOf(stamp), atMs: clock() };
    return learnt.date;
  }

  async function dailyCloses(date: string, signal: AbortSignal | undefined) {
    const cached = await options.cache.get(date);
    if (cached) return cached;
    const response = await client.groupedDaily(date, signal);
    const closes = new Map<string, number>();
    for (const bar of response.results ?? []) {
      if (bar.T && isPositive(bar.c)) closes.set(bar.T, bar.c);
    }
    // An empty answer (a holiday, or data not published yet) is not kept, so it is asked again.
    if (closes.size > 0) await options.cache.put(date, closes);
    return closes;
  }

  async function quotesFromDailyCloses(
    symbols: string[],
    signal: AbortSignal | undefined,
  ): Promise<QuoteResult> {
    const date = await lastTradingDate(signal);
    const closes = await dailyCloses(date, signal);
    const result = emptyResult();
    if (closes.size === 0) result.notices.push(`Polygon has no daily closes for ${date}`);
    for (const symbol of symbols) {
      const close = closes.get(toPolygonTicker(symbol));
      if (close === undefined) result.missing.push(symbol);
      else
        result.quotes.push({
          symbol,
          priceUsd: close,
          source: 'polygon:grouped-daily',
          asOf: date,
        });
    }
    return result;
  }

  async function quotesFromSnapshots(
    symbols: string[],
    signal: AbortSignal | undefined,
  ): Promise<QuoteResult> {
    const tickers = [...new Set(symbols.map(toPolygonTicker))];
    const found = new Map<string, SnapshotTicker>();
    for (let start = 0; start < tickers.length; start += SNAPSHOT_BATCH_SIZE) {
      const response = await client.snapshot(
        tickers.slice(start, start + SNAPSHOT_BATCH_SIZE),
        signal,
      );
      for (const entry of response.tickers ?? []) {
        if (entry.ticker) found.set(entry.ticker, entry);
      }
    }
    const result = emptyResult();
    const noTradeToday: string[] = [];
    for (const symbol of symbols) {
      const entry = found.get(toPolygonTicker(symbol));
      const price = entry ? currentPrice(entry) : undefined;
      if (price) result.quotes.push({ symbol, source: 'polygon:snapshot', ...price });
      else if (entry) noTradeToday.push(symbol);
      else result.missing.push(symbol);
    }
    if (noTradeToday.length === 0) return result;
    // The snapshot's prevDay bar has a close but no date; the grouped daily bar of the last
    // trading date is the same close with its date, so that is what is used.
    const daily = await quotesFromDailyCloses(noTradeToday, signal);
    result.quotes.push(...daily.quotes);
    result.missing.push(...daily.missing);
    result.notices.push(
      `no trade yet today in the Polygon snapshot for ${noTradeToday.join(', ')}: ` +
        'used the last daily close',
      ...daily.notices,
    );
    return result;
  }

  return {
    name: 'polygon',
    async getQuotes(symbols, requestOptions) {
      const wanted = [...new Set(symbols)];
      if (wanted.length === 0) return emptyResult();
      const signal = requestOptions?.signal;
      return options.plan === 'paid'
        ? quotesFromSnapshots(wanted, signal)
        : quotesFromDailyCloses(wanted, signal);
    },
  };
}

/**
 * Today's price of a snapshot, if it has one: the close so far of the day's bar (the
 * consolidated last regular-session price), else the last trade. Each carries its own time.
 */
function currentPrice(
  entry: SnapshotTicker,
): Pick<Quote, 'priceUsd' | 'asOf' | 'basis'> | undefined {
  const dayClose = entry.day?.c;
  if (isPositive(dayClose) && isPositive(entry.updated)) {
    return { priceUsd: dayClose, asOf: epochToIso(entry.updated), basis: 'day.c' };
  }
  const trade = entry.lastTrade;
  if (trade && isPositive(trade.p) && isPositive(trade.t)) {
    return { priceUsd: trade.p, asOf: epochToIso(trade.t), basis: 'lastTrade.p' };
  }
  return undefined;
}

/** Prices and timestamps alike must be finite and above zero to count (Polygon sends 0 for none). */
function isPositive(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function emptyResult(): QuoteResult {
  return { quotes: [], missing: [], notices: [] };
}

function validateOptions(options: PolygonPriceSourceOptions): void {
  if (options.apiKey.reveal().trim() === '') {
    throw new ConfigError(
      'POLYGON_API_KEY',
      'is empty; set the key or unset it to use stored prices',
    );
  }
  try {
    new URL(options.baseUrl);
  } catch (error) {
    throw new ConfigError('POLYGON_BASE_URL', 'must be a URL such as https://api.polygon.io', {
      cause: error,
    });
  }
}
