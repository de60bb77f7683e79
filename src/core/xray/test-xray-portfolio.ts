import type { PortfolioInput } from '../portfolio/types.ts';

/**
 * TEST DATA, not market data: made-up companies (AAA, BBB, CCC), funds and weights with round
 * numbers, so every X-ray figure can be worked out by hand.
 * Values: cash $1,000 (taxable); AAA 10 × $100 = $1,000 (taxable); FUND1 20 × $100 = $2,000,
 * FUND2 10 × $100 = $1,000, BONDS 10 × $100 = $1,000 (all in the IRA). Total $6,000.
 * FUND1 holds AAA 10% and BBB 5%; FUND2 holds AAA 20% and CCC 10%; BONDS has no holdings shipped.
 */
export function xrayTestPortfolio(overrides: Partial<PortfolioInput> = {}): PortfolioInput {
  const instrument = (
    symbol: string,
    fields: Partial<PortfolioInput['instruments'][string]>,
  ): PortfolioInput['instruments'][string] => ({
    symbol,
    name: `${symbol} test instrument`,
    instrumentType: 'etf',
    priceUsd: 100,
    priceSource: 'test',
    priceAsOf: '2026-01-02',
    assetClass: { equity: 100 },
    regions: { north_america: 100 },
    sectors: { diversified: 100 },
    expenseRatioPct: null,
    holdings: null,
    ...fields,
  });
  const holdings = (rows: Array<[string, string | null, number]>) => ({
    asOf: '2026-01-02',
    source: 'test data',
    holdings: rows.map(([name, symbol, weightPct]) => ({
      name,
      symbol,
      kind: 'company' as const,
      weightPct,
    })),
  });
  return {
    accounts: [
      {
        id: 'taxable',
        name: 'Taxable',
        type: 'taxable',
        cashCents: 100_000,
        positions: [{ symbol: 'AAA', quantity: 10 }],
      },
      {
        id: 'ira',
        name: 'IRA',
        type: 'tax_deferred',
        cashCents: 0,
        positions: [
          { symbol: 'FUND1', quantity: 20 },
          { symbol: 'FUND2', quantity: 10 },
          { symbol: 'BONDS', quantity: 10 },
        ],
      },
    ],
    instruments: {
      AAA: instrument('AAA', { name: 'AAA Corp', instrumentType: 'stock' }),
      FUND1: instrument('FUND1', {
        expenseRatioPct: 0.1,
        holdings: holdings([
          ['AAA Corp', 'AAA', 10],
          ['BBB Corp', null, 5],
        ]),
      }),
      FUND2: instrument('FUND2', {
        expenseRatioPct: 0.5,
        regions: { europe: 50, north_america: 50 },
        holdings: holdings([
          ['AAA Corp', 'AAA', 20],
          ['CCC Corp', null, 10],
        ]),
      }),
      BONDS: instrument('BONDS', {
        instrumentType: 'bond_fund',
        assetClass: { fixed_income: 100 },
      }),
    },
    targets: { assetClass: { equity: 65, fixed_income: 15, cash: 20 } },
    ...overrides,
  };
}
