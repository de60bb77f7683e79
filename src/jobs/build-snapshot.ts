import type { PortfolioSnapshot, PriceStatus } from '../agents/portfolio-snapshot.ts';
import { analyzePortfolio } from '../core/index.ts';
import type { PriceRefresh } from '../market/refresh-prices.ts';
import type { LoadedPortfolio } from '../store/repositories/index.ts';

const DAY_MS = 86_400_000;

/** The one snapshot of a job: the loaded portfolio, its analytics, and where its prices came from. */
export function buildSnapshot(
  loaded: LoadedPortfolio,
  refresh: PriceRefresh,
  now: Date,
): PortfolioSnapshot {
  const { user, portfolio } = loaded;
  const analytics = analyzePortfolio(portfolio);
  const priceDates = analytics.positions
    .map((position) => position.priceAsOf)
    .filter((date): date is string => date !== null);
  const prices: PriceStatus = {
    newestAsOf: priceDates.length
      ? priceDates.reduce((newest, date) => (date > newest ? date : newest)).slice(0, 10)
      : null,
    stale: refresh.stale.map((stale) => ({
      symbol: stale.symbol,
      source: stale.lastSource,
      asOf: dateOnlyWhenMidnight(stale.lastAsOf),
      ageDays: Math.max(0, Math.floor((now.getTime() - Date.parse(stale.lastAsOf)) / DAY_MS)),
    })),
    notices: refresh.notices,
  };
  return {
    user: {
      id: user.id,
      displayName: user.displayName,
      currentAge: user.birthYear === null ? null : now.getUTCFullYear() - user.birthYear,
      yearsUntilRetirement: user.yearsUntilRetirement,
      targetRetirementIncomeUsd: user.targetRetirementIncomeUsd,
      annualContributionUsd: user.annualContributionUsd,
      incomeStreams: user.incomePlan.streams,
      sex: user.sex,
      planToAge: user.planToAge,
      spouseAge:
        user.incomePlan.spouse_birth_year === null
          ? null
          : now.getUTCFullYear() - user.incomePlan.spouse_birth_year,
      xrayThresholds: user.xrayThresholds,
      taxPlan: user.taxPlan,
    },
    portfolio,
    analytics,
    prices,
    createdAt: now.toISOString(),
  };
}

/** A daily close stored as a timestamp reads better as its date: `2025-01-02`, not `…T00:00:00.000Z`. */
function dateOnlyWhenMidnight(iso: string): string {
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
