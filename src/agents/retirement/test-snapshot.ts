import { analyzePortfolio, type PortfolioInput } from '../../core/index.ts';
import { testPortfolio } from '../../core/portfolio/test-portfolio.ts';
import type { PortfolioSnapshot, UserProfile } from '../portfolio-snapshot.ts';

/**
 * A snapshot for the retirement tests: the core's two-account test portfolio ($6,800 priced,
 * XYZ unpriced) and a 40-year-old saving $20,000 a year for 25 years towards $60,000 of
 * yearly spending. Round test numbers, not a real user.
 */
export function testSnapshot(
  user: Partial<UserProfile> = {},
  portfolio: PortfolioInput = testPortfolio(),
): PortfolioSnapshot {
  return {
    user: {
      id: 'user-retirement-test',
      displayName: 'Test User',
      currentAge: 40,
      yearsUntilRetirement: 25,
      targetRetirementIncomeUsd: 60_000,
      annualContributionUsd: 20_000,
      ...user,
    },
    portfolio,
    analytics: analyzePortfolio(portfolio),
    prices: { newestAsOf: '2026-01-02', stale: [], notices: [] },
    createdAt: '2026-03-01T00:00:00.000Z',
  };
}
