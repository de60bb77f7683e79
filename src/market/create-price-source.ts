import type { MarketConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { DailyCloseCache } from './daily-close-cache.ts';
import { createPolygonPriceSource } from './polygon/polygon-price-source.ts';
import type { Clock, Sleep } from './polygon/throttle.ts';
import type { PriceSource } from './price-source.ts';
import { createStoredPriceSource, type StoredPriceReader } from './stored-prices.ts';

export interface PriceSourceDeps {
  /** Grouped daily closes kept per trading date. */
  cache: DailyCloseCache;
  /** The last stored prices (the instruments table). */
  storedPrices: StoredPriceReader;
  fetch?: typeof fetch;
  clock?: Clock;
  sleep?: Sleep;
  logger?: Logger;
}

export const OFFLINE_PRICES_NOTICE = 'no POLYGON_API_KEY: using stored prices';

/** The one place the market source is chosen: Polygon when a key is set, else stored prices. */
export function createPriceSource(config: MarketConfig, deps: PriceSourceDeps): PriceSource {
  if (!config.polygonApiKey) {
    return createStoredPriceSource(deps.storedPrices, { notice: OFFLINE_PRICES_NOTICE });
  }
  return createPolygonPriceSource({
    apiKey: config.polygonApiKey,
    plan: config.polygonPlan,
    baseUrl: config.polygonBaseUrl,
    cache: deps.cache,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}
