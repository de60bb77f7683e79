// Polygon writes share classes with a dot (`BRK.B`, `BF.B`), in its reference data and in the
// aggregate and snapshot results alike; Alex accepts `BRK.B` and also the `BRK-B` spelling
// that Yahoo-style tools use. Both are looked up as `BRK.B`, and answered under the symbol the
// caller wrote.

/** The Polygon ticker for one of our symbols. */
export function toPolygonTicker(symbol: string): string {
  return symbol.trim().toUpperCase().replace('-', '.');
}

// Polygon timestamps are Unix milliseconds in the aggregates and Unix nanoseconds in the
// snapshots (`updated`, `lastTrade.t`); older snapshot payloads used milliseconds. Anything
// beyond 1e15 cannot be milliseconds (that is the year 33658), so it is nanoseconds.
export function epochToIso(value: number): string {
  const ms = value > 1e15 ? value / 1e6 : value;
  return new Date(Math.floor(ms)).toISOString();
}

const NEW_YORK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The US trading date of a daily bar, read in New York time. Polygon stamps a daily bar with
 * an instant inside that trading day in Eastern time; taking the date in New York rather than
 * in UTC or the machine's zone keeps it right whichever instant of the day that is.
 */
export function tradingDateOf(epochMs: number): string {
  return NEW_YORK_DATE.format(new Date(epochMs));
}
