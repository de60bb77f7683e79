// The contract between a return model and the engine: one path's years at a time, written
// into the engine's buffers.

/**
 * Fills one path's years: `realGrowth[y]` is 1 plus the portfolio's real return in year y
 * (rebalanced to the target weights each year, after fees), `inflation[y]` is 1 plus that
 * year's inflation (NaN from the parametric models when PathNeeds says it is not read).
 * The buffers are reused for every path, so generating a path allocates nothing.
 */
export interface PathGenerator {
  paths: number;
  startYears: number[] | null;
  fill(path: number, realGrowth: Float64Array, inflation: Float64Array): void;
}

/** What the caller reads besides real growth. */
export interface PathNeeds {
  /**
   * Each year's inflation. When false and nothing else needs it (no cash held), the parametric
   * models skip drawing it and leave `inflation` as NaN, so a reader that forgot to ask fails
   * loudly instead of reading a made-up figure.
   */
  inflation: boolean;
}
