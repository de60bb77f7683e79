import { analyzePortfolio, type PortfolioInput } from '../../core/index.ts';
import { testPortfolio } from '../../core/portfolio/test-portfolio.ts';
import type { KnowledgeSearch, KnowledgeSnippet } from '../agent.ts';
import type { PortfolioSnapshot, UserProfile } from '../portfolio-snapshot.ts';

/**
 * Snapshots for the reporter tests. Prices are round test numbers, not market data. The default
 * is the core's two-account portfolio ($6,800 priced, XYZ unpriced) for a 40-year-old saving
 * $6,000 a year for 25 years towards a $60,000 income.
 */
export function reportSnapshot(
  portfolio: PortfolioInput = testPortfolio(),
  user: Partial<UserProfile> = {},
  prices: Partial<PortfolioSnapshot['prices']> = {},
): PortfolioSnapshot {
  return {
    user: {
      id: 'user-report-test',
      displayName: 'Sam Test',
      currentAge: 40,
      yearsUntilRetirement: 25,
      targetRetirementIncomeUsd: 60_000,
      annualContributionUsd: 6_000,
      ...user,
    },
    portfolio,
    analytics: analyzePortfolio(portfolio),
    prices: { newestAsOf: '2026-01-02', stale: [], notices: [], ...prices },
    createdAt: '2026-03-01T00:00:00.000Z',
  };
}

type Instrument = PortfolioInput['instruments'][string];

function instrument(symbol: string, fields: Partial<Instrument>): Instrument {
  return {
    symbol,
    name: `${symbol} test instrument`,
    instrumentType: 'etf',
    priceUsd: 100,
    priceSource: 'test',
    priceAsOf: '2026-01-02',
    assetClass: { equity: 100 },
    regions: { north_america: 100 },
    sectors: { diversified: 100 },
    ...fields,
  };
}

/**
 * One stock is most of the money: ACME 300 × $100 = $30,000 of $50,000 (60%), a costly
 * fund (GROW, 1.1% a year) $15,000, $5,000 cash at no interest; no targets.
 */
export function concentratedPortfolio(): PortfolioInput {
  return {
    accounts: [
      {
        id: 'k1',
        name: 'Trading',
        type: 'taxable',
        cashCents: 500_000,
        positions: [
          { symbol: 'ACME', quantity: 300 },
          { symbol: 'GROW', quantity: 150 },
        ],
      },
    ],
    instruments: {
      ACME: instrument('ACME', {
        name: 'Acme Corp',
        instrumentType: 'stock',
        sectors: { technology: 100 },
      }),
      GROW: instrument('GROW', {
        name: 'Growth Leaders Fund',
        instrumentType: 'mutual_fund',
        expenseRatioPct: 1.1,
        regions: { north_america: 80, europe: 20 },
        sectors: { technology: 40, healthcare: 30, industrials: 30 },
      }),
    },
  };
}

/** A single fund in a single account: BAL 40 × $125 = $5,000, no cash, targets met. */
export function onePositionPortfolio(): PortfolioInput {
  return {
    accounts: [
      {
        id: 'o1',
        name: 'IRA',
        type: 'tax_deferred',
        cashCents: 0,
        positions: [{ symbol: 'BAL', quantity: 40 }],
      },
    ],
    instruments: {
      BAL: instrument('BAL', {
        name: 'Balanced Index Fund',
        instrumentType: 'mutual_fund',
        priceUsd: 125,
        assetClass: { equity: 60, fixed_income: 40 },
        regions: { north_america: 60, europe: 25, asia: 15 },
        expenseRatioPct: 0.12,
      }),
    },
    targets: { assetClass: { equity: 60, fixed_income: 40 } },
  };
}

/** A knowledge port over fixed notes that records each query it was asked. */
export function fakeKnowledge(notes: KnowledgeSnippet[]): KnowledgeSearch & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    search(query, options) {
      queries.push(query);
      return Promise.resolve(notes.slice(0, options?.topK ?? notes.length));
    },
  };
}

export function note(id: string, title: string, text: string): KnowledgeSnippet {
  return { id, title, source: 'Alex starter corpus', text, score: 1 };
}
