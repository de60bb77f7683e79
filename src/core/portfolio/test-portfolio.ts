import type { PortfolioInput } from './types.ts';

/**
 * A two-account portfolio for tests. Prices are round test numbers, not market data.
 * Values: VTI 15 × $250 = $3,750; BND 20 × $72.50 = $1,450; VXUS 10 × $60 = $600; cash $1,000;
 * XYZ has no price.
 */
export function testPortfolio(overrides: Partial<PortfolioInput> = {}): PortfolioInput {
  return {
    accounts: [
      {
        id: 'a1',
        name: 'Brokerage',
        type: 'taxable',
        cashCents: 100_000,
        cashInterestPct: 4,
        positions: [
          { symbol: 'VTI', quantity: 10 },
          { symbol: 'BND', quantity: 20 },
          { symbol: 'XYZ', quantity: 5 },
        ],
      },
      {
        id: 'a2',
        name: 'Roth IRA',
        type: 'tax_free',
        cashCents: 0,
        positions: [
          { symbol: 'VTI', quantity: 5 },
          { symbol: 'VXUS', quantity: 10 },
        ],
      },
    ],
    instruments: {
      VTI: {
        symbol: 'VTI',
        name: 'Total Stock Market ETF',
        instrumentType: 'etf',
        priceUsd: 250,
        priceSource: 'test',
        priceAsOf: '2026-01-02',
        assetClass: { equity: 100 },
        regions: { north_america: 100 },
        sectors: { technology: 30, financials: 20, healthcare: 50 },
        expenseRatioPct: 0.03,
      },
      BND: {
        symbol: 'BND',
        name: 'Total Bond Market ETF',
        instrumentType: 'bond_fund',
        priceUsd: 72.5,
        priceSource: 'test',
        priceAsOf: '2026-01-02',
        assetClass: { fixed_income: 100 },
        regions: { north_america: 100 },
        sectors: { treasury: 50, corporate: 50 },
        expenseRatioPct: 0.03,
      },
      VXUS: {
        symbol: 'VXUS',
        name: 'Total International Stock ETF',
        instrumentType: 'etf',
        priceUsd: 60,
        priceSource: 'test',
        priceAsOf: '2026-01-02',
        assetClass: { equity: 100 },
        regions: { europe: 50, asia: 50 },
        sectors: { diversified: 90 },
        expenseRatioPct: null,
      },
      XYZ: {
        symbol: 'XYZ',
        name: 'Unpriced Co',
        instrumentType: 'stock',
        priceUsd: null,
        priceSource: null,
        priceAsOf: null,
        assetClass: { equity: 100 },
        regions: { north_america: 100 },
        sectors: { technology: 100 },
      },
    },
    targets: { assetClass: { equity: 60, fixed_income: 40 } },
    ...overrides,
  };
}
