export type { PriceSource, Quote, QuoteResult } from './price-source.ts';
export { createMemoryDailyCloseCache, type DailyCloseCache } from './daily-close-cache.ts';
export {
  createStoredPriceSource,
  describePriceAge,
  type StoredPrice,
  type StoredPriceReader,
} from './stored-prices.ts';
export {
  refreshPrices,
  type PriceRefresh,
  type RefreshPricesInput,
  type StalePrice,
} from './refresh-prices.ts';
export {
  createPriceSource,
  OFFLINE_PRICES_NOTICE,
  type PriceSourceDeps,
} from './create-price-source.ts';
export {
  createPolygonPriceSource,
  type PolygonPriceSourceOptions,
} from './polygon/polygon-price-source.ts';
