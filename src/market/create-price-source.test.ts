import { describe, expect, it } from 'vitest';
import type { MarketConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { Secret } from '../secret.ts';
import { createPriceSource, OFFLINE_PRICES_NOTICE } from './create-price-source.ts';
import { createMemoryDailyCloseCache } from './daily-close-cache.ts';

const storedPrices = {
  storedPrices: () =>
    Promise.resolve([
      { symbol: 'VTI', priceUsd: 290.12, priceSource: 'seed', priceAsOf: '2024-12-31' },
    ]),
};

function config(overrides: Partial<MarketConfig> = {}): MarketConfig {
  return {
    polygonApiKey: undefined,
    polygonPlan: 'free',
    polygonBaseUrl: 'https://api.polygon.io',
    ...overrides,
  };
}

describe('createPriceSource', () => {
  it('uses stored prices, and says so, when no Polygon key is set', async () => {
    let fetchCalls = 0;
    const source = createPriceSource(config(), {
      cache: createMemoryDailyCloseCache(),
      storedPrices,
      fetch: () => {
        fetchCalls += 1;
        return Promise.reject(new Error('no network in this test'));
      },
    });
    expect(source.name).toBe('stored');
    const result = await source.getQuotes(['VTI']);
    expect(result.quotes).toEqual([
      { symbol: 'VTI', priceUsd: 290.12, source: 'seed', asOf: '2024-12-31' },
    ]);
    expect(result.notices).toEqual([OFFLINE_PRICES_NOTICE]);
    expect(fetchCalls).toBe(0);
  });

  it('uses Polygon when a key is set', () => {
    const source = createPriceSource(config({ polygonApiKey: new Secret('pk-1') }), {
      cache: createMemoryDailyCloseCache(),
      storedPrices,
    });
    expect(source.name).toBe('polygon');
  });

  it('refuses a base URL that is not a URL, naming the variable', () => {
    expect(() =>
      createPriceSource(config({ polygonApiKey: new Secret('pk-1'), polygonBaseUrl: 'polygon' }), {
        cache: createMemoryDailyCloseCache(),
        storedPrices,
      }),
    ).toThrow(new ConfigError('POLYGON_BASE_URL', 'must be a URL such as https://api.polygon.io'));
  });
});
