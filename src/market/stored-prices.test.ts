import { describe, expect, it } from 'vitest';
import { createStoredPriceSource, describePriceAge, type StoredPrice } from './stored-prices.ts';

function readerOf(rows: StoredPrice[]) {
  const asked: string[][] = [];
  return {
    asked,
    reader: {
      storedPrices(symbols: string[]) {
        asked.push(symbols);
        return Promise.resolve(rows.filter((row) => symbols.includes(row.symbol)));
      },
    },
  };
}

describe('createStoredPriceSource', () => {
  it('returns stored prices with their original source and date', async () => {
    const { reader } = readerOf([
      { symbol: 'VTI', priceUsd: 290.12, priceSource: 'seed', priceAsOf: '2024-12-31' },
      {
        symbol: 'BND',
        priceUsd: 74.06,
        priceSource: 'polygon:grouped-daily',
        priceAsOf: '2025-11-21',
      },
    ]);
    const result = await createStoredPriceSource(reader).getQuotes(['VTI', 'BND']);
    expect(result).toEqual({
      quotes: [
        { symbol: 'VTI', priceUsd: 290.12, source: 'seed', asOf: '2024-12-31' },
        { symbol: 'BND', priceUsd: 74.06, source: 'polygon:grouped-daily', asOf: '2025-11-21' },
      ],
      missing: [],
      notices: [],
    });
  });

  it('lists unknown symbols and symbols without a price as missing', async () => {
    const { reader } = readerOf([
      { symbol: 'NEWCO', priceUsd: null, priceSource: null, priceAsOf: null },
      { symbol: 'ZERO', priceUsd: 0, priceSource: 'seed', priceAsOf: '2024-12-31' },
    ]);
    const result = await createStoredPriceSource(reader).getQuotes(['NEWCO', 'ZERO', 'GONE']);
    expect(result.quotes).toEqual([]);
    expect(result.missing).toEqual(['NEWCO', 'ZERO', 'GONE']);
  });

  it('does not use a price whose date is unknown, and says so', async () => {
    const { reader } = readerOf([
      { symbol: 'VTI', priceUsd: 290.12, priceSource: 'seed', priceAsOf: null },
    ]);
    const result = await createStoredPriceSource(reader).getQuotes(['VTI']);
    expect(result.missing).toEqual(['VTI']);
    expect(result.notices).toEqual(['stored price without a date, not used: VTI']);
  });

  it('labels a price without a stored source as "stored"', async () => {
    const { reader } = readerOf([
      { symbol: 'VTI', priceUsd: 290.12, priceSource: null, priceAsOf: '2025-01-02' },
    ]);
    const result = await createStoredPriceSource(reader).getQuotes(['VTI']);
    expect(result.quotes[0]?.source).toBe('stored');
  });

  it('adds its notice to every answer and asks the reader once per distinct symbol', async () => {
    const { reader, asked } = readerOf([]);
    const source = createStoredPriceSource(reader, { notice: 'offline' });
    const result = await source.getQuotes(['VTI', 'VTI']);
    expect(result.notices).toEqual(['offline']);
    expect(asked).toEqual([['VTI']]);
  });
});

describe('describePriceAge', () => {
  it('says where a price is from and how many days old it is', () => {
    expect(describePriceAge({ source: 'seed', asOf: '2024-12-31' }, '2025-11-26')).toBe(
      'seed price from 2024-12-31 (330 days old)',
    );
    expect(
      describePriceAge({ source: 'polygon:grouped-daily', asOf: '2025-11-25' }, '2025-11-26'),
    ).toBe('Polygon daily close from 2025-11-25 (1 day old)');
    expect(
      describePriceAge(
        { source: 'polygon:snapshot', asOf: '2025-11-26T15:30:00.000Z' },
        '2025-11-26',
      ),
    ).toBe('Polygon snapshot price from 2025-11-26 (today)');
  });

  it('names an unknown source as it is', () => {
    expect(describePriceAge({ source: 'manual', asOf: '2025-11-20' }, '2025-11-26')).toBe(
      'manual price from 2025-11-20 (6 days old)',
    );
  });
});
