// The port through which the rest of Alex asks for market prices. Adapters: Polygon
// (`polygon/polygon-price-source.ts`) and the last stored prices (`stored-prices.ts`),
// chosen in one place (`create-price-source.ts`).

/** One price for one symbol, with where it came from and when it was true. */
export interface Quote {
  /** The symbol exactly as the caller asked for it (e.g. `BRK.B`). */
  symbol: string;
  /** Price of one share or unit in US dollars; always finite and above zero. */
  priceUsd: number;
  /**
   * Where the price came from: `polygon:grouped-daily`, `polygon:snapshot`, or for prices
   * read back from the database the source they were stored with (`stored`, `seed`, or one
   * of the Polygon sources of an earlier day).
   */
  source: string;
  /** When the price was true: an ISO date (`2025-11-21`) or an ISO datetime in UTC. */
  asOf: string;
  /**
   * Which figure of the source the price is, when the source offers several (a snapshot has
   * the day's bar and the last trade, for instance): e.g. `day.c`, `lastTrade.p`.
   */
  basis?: string;
}

/** The answer to one request for prices. Every requested symbol is in `quotes` or `missing`. */
export interface QuoteResult {
  /** Prices found, at most one per requested symbol. */
  quotes: Quote[];
  /** Requested symbols the source has no price for. Nothing is guessed for them. */
  missing: string[];
  /** Sentences for the user about how the prices were obtained (offline, cache, plan limits). */
  notices: string[];
}

/** A source of market prices. */
export interface PriceSource {
  /** Short name for logs and notices, e.g. `polygon` or `stored`. */
  readonly name: string;
  /**
   * Prices for the given symbols. A symbol without a price is listed in `missing`, never
   * invented. Throws `UpstreamError` or `TimeoutError` when the source itself fails.
   */
  getQuotes(symbols: string[], options?: { signal?: AbortSignal }): Promise<QuoteResult>;
}
