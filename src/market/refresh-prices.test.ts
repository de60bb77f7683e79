import { describe, expect, it } from 'vitest';
import { TimeoutError, UpstreamError } from '../errors.ts';
import type { PriceSource, Quote } from './price-source.ts';
import { refreshPrices } from './refresh-prices.ts';
import { createStoredPriceSource } from './stored-prices.ts';

const fresh = (symbol: string, priceUsd: number): Quote => ({
  symbol,
  priceUsd,
  source: 'polygon:grouped-daily',
  asOf: '2025-11-21',
});

function marketOf(quotes: Quote[], notices: string[] = []) {
  const asked: string[][] = [];
  const source: PriceSource = {
    name: 'polygon',
    getQuotes(symbols) {
      asked.push(symbols);
      const found = quotes.filter((quote) => symbols.includes(quote.symbol));
      const priced = new Set(found.map((quote) => quote.symbol));
      return Promise.resolve({
        quotes: found,
        missing: symbols.filter((symbol) => !priced.has(symbol)),
        notices,
      });
    },
  };
  return { source, asked };
}

function failingMarket(error: Error): PriceSource {
  return { name: 'polygon', getQuotes: () => Promise.reject(error) };
}

const stored = createStoredPriceSource({
  storedPrices: (symbols) =>
    Promise.resolve(
      [
        { symbol: 'VTI', priceUsd: 290.12, priceSource: 'seed', priceAsOf: '2024-12-31' },
        {
          symbol: 'VXUS',
          priceUsd: 61.5,
          priceSource: 'polygon:grouped-daily',
          priceAsOf: '2025-11-20',
        },
      ].filter((row) => symbols.includes(row.symbol)),
    ),
});

describe('refreshPrices', () => {
  it('takes new prices from the market and keeps the stored price of the rest, flagged stale', async () => {
    const { source, asked } = marketOf([fresh('VTI', 325.18)]);
    const refresh = await refreshPrices({ symbols: ['VTI', 'VXUS'], source, fallback: stored });

    expect(refresh.updated).toEqual([fresh('VTI', 325.18)]);
    expect(refresh.stale).toEqual([
      {
        symbol: 'VXUS',
        lastPrice: 61.5,
        lastSource: 'polygon:grouped-daily',
        lastAsOf: '2025-11-20',
      },
    ]);
    expect(refresh.unpriced).toEqual([]);
    expect(refresh.notices).toEqual(['no new price for VXUS: kept the last stored price (stale)']);
    expect(asked).toEqual([['VTI', 'VXUS']]);
  });

  it('makes up nothing for a symbol with no price anywhere', async () => {
    const { source } = marketOf([]);
    const refresh = await refreshPrices({ symbols: ['NEWCO'], source, fallback: stored });
    expect(refresh.updated).toEqual([]);
    expect(refresh.stale).toEqual([]);
    expect(refresh.unpriced).toEqual(['NEWCO']);
    expect(refresh.notices).toEqual(['no price at all for NEWCO']);
  });

  it.each([
    new UpstreamError('polygon', '/v2/snapshot: not entitled', { status: 403 }),
    new TimeoutError('polygon /v2/aggs/ticker/SPY/prev', 15_000),
  ])(
    'falls back to stored prices for every symbol when the market fails ($message)',
    async (error) => {
      const refresh = await refreshPrices({
        symbols: ['VTI', 'NEWCO'],
        source: failingMarket(error),
        fallback: stored,
      });
      expect(refresh.updated).toEqual([]);
      expect(refresh.stale.map((price) => price.symbol)).toEqual(['VTI']);
      expect(refresh.unpriced).toEqual(['NEWCO']);
      expect(refresh.notices[0]).toBe(
        `polygon prices unavailable (${error.message}); using stored prices`,
      );
    },
  );

  it('lets a programming error or a cancellation through', async () => {
    await expect(
      refreshPrices({
        symbols: ['VTI'],
        source: failingMarket(new TypeError('x is undefined')),
        fallback: stored,
      }),
    ).rejects.toThrow(TypeError);
  });

  it('reports offline prices as stale with their dates, asking the database once', async () => {
    let calls = 0;
    const offline = createStoredPriceSource(
      {
        storedPrices: () => {
          calls += 1;
          return Promise.resolve([
            { symbol: 'VTI', priceUsd: 290.12, priceSource: 'seed', priceAsOf: '2024-12-31' },
          ]);
        },
      },
      { notice: 'no POLYGON_API_KEY: using stored prices' },
    );
    const refresh = await refreshPrices({ symbols: ['VTI'], source: offline, fallback: offline });
    expect(refresh.updated).toEqual([]);
    expect(refresh.stale).toEqual([
      { symbol: 'VTI', lastPrice: 290.12, lastSource: 'seed', lastAsOf: '2024-12-31' },
    ]);
    expect(refresh.notices).toEqual(['no POLYGON_API_KEY: using stored prices']);
    expect(calls).toBe(1);
  });

  it('asks nothing when there is nothing to price', async () => {
    const { source, asked } = marketOf([]);
    const refresh = await refreshPrices({ symbols: [], source, fallback: stored });
    expect(refresh).toEqual({ updated: [], stale: [], unpriced: [], notices: [] });
    expect(asked).toEqual([]);
  });
});
