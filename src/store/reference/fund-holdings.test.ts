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
      expect(fund.asOf).toBe('2025-06-30');
      expect(fund.source).toContain('Ten largest holdings');
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
});
