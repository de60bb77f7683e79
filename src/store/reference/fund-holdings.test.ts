import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { loadFundHoldings, parseFundHoldings } from './fund-holdings.ts';
import { loadReferenceInstruments } from './reference-instruments.ts';

const holdings = loadFundHoldings();
const reference = new Map(
  loadReferenceInstruments().map((instrument) => [instrument.symbol, instrument]),
);

describe('shipped fund holdings', () => {
  it('covers reference funds only, each dated and sourced', () => {
    expect([...holdings.keys()].sort()).toEqual([
      'IVV',
      'IWM',
      'VB',
      'VEA',
      'VGK',
      'VGT',
      'VIG',
      'VNQ',
      'VNQI',
      'VOO',
      'VTI',
      'VWO',
      'VXUS',
    ]);
    for (const [symbol, fund] of holdings) {
      expect(reference.get(symbol)?.instrumentType).toBe('etf');
      // iShares holdings files (dated as the file prints it) and Vanguard fact sheets.
      if (symbol === 'IVV') {
        expect(fund.asOf).toBe('2024-12-06');
        expect(fund.source).toContain('Fund Holdings as of Dec 06, 2024');
      } else if (symbol === 'IWM') {
        expect(fund.asOf).toBe('2025-11-05');
        expect(fund.source).toContain('Fund Holdings as of Nov 05, 2025');
      } else {
        expect(fund.asOf).toBe('2025-06-30');
        expect(fund.source).toContain('Ten largest holdings');
      }
    }
  });

  it('links a company to a ticker only when that ticker is a reference stock', () => {
    for (const fund of holdings.values()) {
      for (const holding of fund.holdings) {
        if (holding.symbol !== null)
          expect(reference.get(holding.symbol)?.instrumentType).toBe('stock');
      }
    }
    expect(holdings.get('VTI')!.holdings[2]).toEqual({
      name: 'Apple Inc.',
      symbol: 'AAPL',
      kind: 'company',
      weightPct: 5.2,
    });
    // International funds' companies are not reference stocks: matched across funds by name.
    expect(holdings.get('VGK')!.holdings[0]).toEqual({
      name: 'ASML Holding NV',
      symbol: null,
      kind: 'company',
      weightPct: 2.3,
    });
    expect(holdings.get('VEA')!.holdings[0]!.name).toBe('ASML Holding NV');
    expect(holdings.get('VNQI')!.holdings.map((holding) => holding.name)).toContain(
      'Goodman Group',
    );
  });

  it('ships the IVV file without a top-ten line, its Alphabet share classes as one company', () => {
    const ivv = holdings.get('IVV')!;
    expect(ivv.holdings.map((holding) => holding.symbol)).toEqual([
      'AAPL',
      'NVDA',
      'MSFT',
      'AMZN',
      'GOOGL',
      'META',
      'TSLA',
      'BRK.B',
      'AVGO',
    ]);
    // 1.98 (Class A) + 1.64 (Class C) in the file.
    expect(ivv.holdings[4]!.weightPct).toBe(3.62);
  });

  it('rejects a fund whose weights do not add up to its own top-ten line', () => {
    const text = JSON.stringify({
      _about: 'test',
      funds: [
        {
          symbol: 'VTI',
          as_of: '2025-06-30',
          source: 'test',
          coverage: 'top_ten',
          top_ten_pct: 10,
          holdings: [{ name: 'A', symbol: null, kind: 'company', weight_pct: 9 }],
        },
      ],
    });
    expect(() => parseFundHoldings(text)).toThrow(InputError);
    expect(() => parseFundHoldings(text)).toThrow(/top_ten_pct/);
  });

  describe('a document without a top-ten line (top_ten_pct null)', () => {
    const fileWith = (weights: Array<[string | null, number]>) =>
      JSON.stringify({
        _about: 'test',
        funds: [
          {
            symbol: 'IVV',
            as_of: '2024-12-06',
            source: 'test',
            coverage: 'top_ten',
            top_ten_pct: null,
            holdings: weights.map(([symbol, weight], index) => ({
              name: `Company ${index}`,
              symbol,
              kind: 'company',
              weight_pct: weight,
            })),
          },
        ],
      });

    it('loads the rows as listed', () => {
      const parsed = parseFundHoldings(
        fileWith([
          ['AAPL', 7.15],
          [null, 2.5],
        ]),
      );
      expect(parsed.get('IVV')!.holdings.map((holding) => holding.weightPct)).toEqual([7.15, 2.5]);
    });

    it('refuses rows out of order, largest first', () => {
      expect(() =>
        parseFundHoldings(
          fileWith([
            ['AAPL', 2],
            ['MSFT', 3],
          ]),
        ),
      ).toThrow(/largest weight first/);
    });

    it('refuses a symbol twice in one fund', () => {
      expect(() =>
        parseFundHoldings(
          fileWith([
            ['GOOGL', 2],
            ['GOOGL', 1.6],
          ]),
        ),
      ).toThrow(/each symbol once per fund/);
    });

    it('refuses weights above the whole fund', () => {
      expect(() =>
        parseFundHoldings(
          fileWith([
            ['AAPL', 60],
            ['MSFT', 50],
          ]),
        ),
      ).toThrow(/at most 100%/);
    });
  });
});
