import { z } from 'zod';

// Polygon response bodies, lenient on purpose: every field is `.nullish()` and only the fields
// Alex reads are listed, so an added or dropped field upstream changes nothing here, and a
// missing price is noticed where it is used (the symbol becomes `missing`), not as a crash.
// Field names follow Polygon's documentation (polygon.io, now massive.com/docs).

/** One daily bar of the aggregates endpoints (`/prev`, grouped daily). */
export const dailyBarSchema = z.object({
  /** Ticker, e.g. `AAPL` or `BRK.B`. */
  T: z.string().nullish(),
  /** Close price. */
  c: z.number().nullish(),
  /** Start of the bar window, Unix milliseconds. */
  t: z.number().nullish(),
});
export type DailyBar = z.infer<typeof dailyBarSchema>;

/** `GET /v2/aggs/ticker/{ticker}/prev` and `GET /v2/aggs/grouped/locale/us/market/stocks/{date}`. */
export const aggregatesResponseSchema = z.object({
  status: z.string().nullish(),
  resultsCount: z.number().nullish(),
  results: z.array(dailyBarSchema).nullish(),
});
export type AggregatesResponse = z.infer<typeof aggregatesResponseSchema>;

/** The part of a snapshot aggregate Alex reads (`day`, `prevDay`). */
const snapshotBarSchema = z.object({ c: z.number().nullish() });

/** One ticker of `GET /v2/snapshot/locale/us/markets/stocks/tickers`. */
export const snapshotTickerSchema = z.object({
  ticker: z.string().nullish(),
  day: snapshotBarSchema.nullish(),
  prevDay: snapshotBarSchema.nullish(),
  /** Last trade: price `p`, SIP timestamp `t` in Unix nanoseconds. */
  lastTrade: z.object({ p: z.number().nullish(), t: z.number().nullish() }).nullish(),
  /** When the snapshot of this ticker last changed, Unix nanoseconds. */
  updated: z.number().nullish(),
});
export type SnapshotTicker = z.infer<typeof snapshotTickerSchema>;

export const snapshotResponseSchema = z.object({
  status: z.string().nullish(),
  tickers: z.array(snapshotTickerSchema).nullish(),
});
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>;

/** Error bodies: `{ status: 'NOT_AUTHORIZED', message }` or `{ status: 'ERROR', error }`. */
export const errorResponseSchema = z.object({
  status: z.string().nullish(),
  message: z.string().nullish(),
  error: z.string().nullish(),
});
