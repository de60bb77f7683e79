import { describe, expect, it } from 'vitest';
import { sumsToHundred } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { loadReferenceInstruments, parseReferenceInstruments } from './reference-instruments.ts';
import type { ReferenceInstrument } from './reference-instruments.ts';

const instruments = loadReferenceInstruments();
const bySymbol = new Map(instruments.map((instrument) => [instrument.symbol, instrument]));

function instrument(symbol: string): ReferenceInstrument {
  const found = bySymbol.get(symbol);
  if (found === undefined) throw new Error(`${symbol} missing from the reference data`);
  return found;
}

// The categories the reference set promises to cover (issue "Foundation", item 5).
const CATEGORIES: Record<string, string[]> = {
  broadUsMarket: ['VTI', 'VOO', 'SPY', 'IVV', 'ITOT', 'SCHB', 'QQQ'],
  internationalDeveloped: ['VEA', 'VXUS', 'IEFA', 'EFA', 'VGK'],
  emerging: ['VWO', 'IEMG'],
  totalBond: ['BND', 'AGG'],
  treasuries: ['SHY', 'IEF', 'TLT', 'GOVT', 'BIL', 'SGOV'],
  tips: ['TIP', 'SCHP', 'VTIP'],
  corporateBonds: ['LQD', 'VCIT'],
  internationalBonds: ['BNDX'],
  municipal: ['MUB'],
  reits: ['VNQ', 'VNQI', 'SCHH'],
  gold: ['GLD', 'IAU'],
  silverAndCommodities: ['SLV', 'DBC', 'PDBC'],
  sectorFunds: [
    'XLK',
    'XLF',
    'XLE',
    'XLV',
    'XLY',
    'XLP',
    'XLI',
    'XLU',
    'XLB',
    'XLRE',
    'XLC',
    'VGT',
  ],
  dividend: ['SCHD', 'VIG'],
  smallCaps: ['IWM', 'VB'],
  largestUsStocks: [
    'AAPL',
    'MSFT',
    'NVDA',
    'AMZN',
    'GOOGL',
    'META',
    'BRK.B',
    'TSLA',
    'JPM',
    'V',
    'JNJ',
    'XOM',
    'LLY',
    'AVGO',
  ],
};

describe('shipped reference instruments', () => {
  it('validates and holds at least 40 instruments with unique symbols', () => {
    expect(instruments.length).toBeGreaterThanOrEqual(40);
    expect(bySymbol.size).toBe(instruments.length);
  });

  it.each(Object.entries(CATEGORIES))('covers the %s category', (_category, symbols) => {
    expect(symbols.filter((symbol) => !bySymbol.has(symbol))).toEqual([]);
  });

  it('keeps the class suffix of Berkshire Hathaway B as BRK.B', () => {
    expect(instrument('BRK.B')).toMatchObject({
      name: 'Berkshire Hathaway Inc. Class B',
      instrumentType: 'stock',
      sectors: { financials: 100 },
    });
  });

  it('has every allocation group summing to 100 within the tolerance', () => {
    const offenders = instruments.flatMap((entry) =>
      (['assetClass', 'regions', 'sectors'] as const)
        .filter((group) => !sumsToHundred(entry[group]))
        .map((group) => `${entry.symbol}.${group}`),
    );
    expect(offenders).toEqual([]);
  });

  it('classifies a single stock as 100% of its sector and of north_america', () => {
    expect(instrument('XOM')).toMatchObject({
      assetClass: { equity: 100 },
      regions: { north_america: 100 },
      sectors: { energy: 100 },
      expenseRatioPct: null,
    });
  });

  it('uses fixed-income sectors for bond funds', () => {
    expect(instrument('TLT').sectors).toEqual({ treasury: 100 });
    expect(Object.keys(instrument('BND').sectors).sort()).toEqual([
      'corporate',
      'government_related',
      'mortgage',
      'treasury',
    ]);
    expect(instrument('BND').assetClass).toEqual({ fixed_income: 100 });
  });

  it('splits international funds into specific regions rather than "international"', () => {
    const regions = instrument('VEA').regions;
    expect(regions.international).toBeUndefined();
    expect(regions.europe).toBeGreaterThan(40);
    expect(regions.asia).toBeGreaterThan(20);
  });

  it('names a source for every entry and dates every seed price', () => {
    expect(instruments.filter((entry) => entry.source.trim().length < 20)).toEqual([]);
    const seeded = instruments.filter((entry) => entry.seedPrice !== null);
    expect(seeded.length).toBeGreaterThan(0);
    for (const entry of seeded) {
      expect(entry.seedPrice?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.seedPrice?.source.length).toBeGreaterThan(10);
    }
  });

  it('maps the seed price to camelCase', () => {
    expect(instrument('AAPL').seedPrice).toEqual({
      priceUsd: 243.85,
      asOf: '2025-01-02',
      source: expect.stringContaining('viewusglobal.com') as unknown,
    });
    expect(instrument('JPM').seedPrice).toMatchObject({ priceUsd: 240, asOf: '2025-01-02' });
  });
});

describe('parseReferenceInstruments', () => {
  const valid = {
    symbol: 'ABC',
    name: 'Example Fund',
    instrument_type: 'etf',
    allocation_asset_class: { equity: 100 },
    allocation_regions: { north_america: 100 },
    allocation_sectors: { technology: 60, healthcare: 40 },
    expense_ratio_pct: 0.1,
    source: 'Example fund fact sheet, 2024-12-31',
    seed_price: null,
  };

  function rejectionFields(entries: unknown[]): string[] {
    try {
      parseReferenceInstruments(JSON.stringify(entries), 'fixture');
    } catch (error) {
      if (error instanceof InputError) return error.issues.map((issue) => issue.field);
      throw error;
    }
    return [];
  }

  it('accepts a well-formed entry and upper-cases the symbol', () => {
    const [parsed] = parseReferenceInstruments(JSON.stringify([{ ...valid, symbol: 'abc' }]));
    expect(parsed?.symbol).toBe('ABC');
    expect(parsed?.sectors).toEqual({ technology: 60, healthcare: 40 });
  });

  it('rejects a group that does not sum to 100', () => {
    const entry = { ...valid, allocation_sectors: { technology: 60, healthcare: 39.9 } };
    expect(rejectionFields([entry])).toEqual(['fixture.0.allocation_sectors']);
  });

  it('accepts a group within the tolerance of 100', () => {
    const entry = { ...valid, allocation_sectors: { technology: 60, healthcare: 39.96 } };
    expect(rejectionFields([entry])).toEqual([]);
  });

  it('rejects a key outside the allowed lists, once, without a spurious total error', () => {
    let issues: { field: string; rule: string }[] = [];
    try {
      parseReferenceInstruments(JSON.stringify([{ ...valid, allocation_regions: { mars: 100 } }]));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues = error.issues;
    }
    expect(issues).toEqual([
      {
        field: 'reference-instruments.0.allocation_regions',
        rule: expect.stringContaining('mars') as unknown,
      },
    ]);
  });

  it('rejects duplicate symbols', () => {
    expect(rejectionFields([valid, { ...valid, symbol: 'abc' }])).toEqual(['fixture.1.symbol']);
  });

  it('rejects a seed price without a real date', () => {
    const entry = { ...valid, seed_price: { price_usd: 10, as_of: '2024-13-45', source: 'x' } };
    expect(rejectionFields([entry])).toEqual(['fixture.0.seed_price.as_of']);
  });
});
