// Polygon's free plan allows five requests a minute, and one grouped-daily response holds the
// closing price of every US stock for a date. Keeping that response per date means every
// later refresh of the same trading day is answered without asking Polygon again.

/** Closing prices of a whole market for one trading date, kept between runs. */
export interface DailyCloseCache {
  /** Closes by Polygon ticker for the trading date (`YYYY-MM-DD`), or undefined when not kept. */
  get(date: string): Promise<Map<string, number> | undefined>;
  /** Keep the closes by Polygon ticker for the trading date, replacing any kept before. */
  put(date: string, closes: Map<string, number>): Promise<void>;
}

/** A cache that lives as long as the process; for tests and one-off runs. */
export function createMemoryDailyCloseCache(): DailyCloseCache {
  const byDate = new Map<string, Map<string, number>>();
  return {
    get(date) {
      const closes = byDate.get(date);
      return Promise.resolve(closes ? new Map(closes) : undefined);
    },
    put(date, closes) {
      byDate.set(date, new Map(closes));
      return Promise.resolve();
    },
  };
}
