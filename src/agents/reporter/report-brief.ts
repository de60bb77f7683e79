import { labelFor } from '../../core/index.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import type { Finding } from './findings.ts';
import { formatPct, formatUsd } from '../format.ts';
import { accountTypeWords, formatPoints } from './format.ts';
import type { BadYearIllustration } from './report-figures.ts';
import type { RetirementOutlook } from './schema.ts';

/**
 * What the model is told about the portfolio: every figure already computed and formatted the
 * way the fact check accepts it, so the model copies numbers rather than working them out.
 * Names typed by the user travel here as plain JSON strings.
 */
export function reportBrief(input: {
  snapshot: PortfolioSnapshot;
  badYear: BadYearIllustration;
  findings: Finding[];
  outlook?: RetirementOutlook | undefined;
}) {
  const { snapshot, badYear, findings, outlook } = input;
  const { analytics, user, portfolio, prices } = snapshot;
  const slice = (item: { key: string; valueUsd: number; pct: number }) => ({
    name: labelFor(item.key),
    value: formatUsd(item.valueUsd),
    share: formatPct(item.pct),
  });
  return {
    investor: {
      name: user.displayName,
      age: user.currentAge,
      yearsUntilRetirement: user.yearsUntilRetirement,
      targetRetirementIncomePerYear: formatUsd(user.targetRetirementIncomeUsd),
      annualContribution: formatUsd(user.annualContributionUsd),
    },
    totals: {
      value: formatUsd(analytics.total.valueUsd),
      invested: formatUsd(analytics.invested.valueUsd),
      investedShare: formatPct(100 - analytics.cashDrag.cashPct),
      cash: formatUsd(analytics.cash.valueUsd),
      cashShare: formatPct(analytics.cashDrag.cashPct),
    },
    accounts: analytics.accounts.map((account) => ({
      name: account.name,
      type: accountTypeWords(account.type),
      value: formatUsd(account.valueUsd),
      share: formatPct(account.pct),
    })),
    allocation: {
      assetClassOfTotal: analytics.allocation.assetClass.map(slice),
      regionOfInvested: analytics.allocation.region.map(slice),
      sectorOfInvested: analytics.allocation.sector.map(slice),
      taxTreatment: analytics.accountTypes.map((item) => ({
        ...slice(item),
        name: accountTypeWords(item.key),
      })),
    },
    topHoldings: analytics.topHoldings.map((holding) => ({
      symbol: holding.key,
      name: holding.key === 'cash' ? 'Cash' : (portfolio.instruments[holding.key]?.name ?? ''),
      type: holding.key === 'cash' ? 'cash' : portfolio.instruments[holding.key]?.instrumentType,
      value: formatUsd(holding.valueUsd),
      share: formatPct(holding.pct),
    })),
    concentration: {
      largestHolding: analytics.concentration.largestHolding
        ? {
            symbol: analytics.concentration.largestHolding.symbol,
            share: formatPct(analytics.concentration.largestHolding.pct),
          }
        : null,
      herfindahlIndex: analytics.concentration.herfindahlIndex,
      effectiveNumberOfHoldings: analytics.concentration.effectiveHoldings,
    },
    driftFromTargets: (['assetClass', 'region'] as const).flatMap((group) => {
      const targets: Partial<Record<string, number>> =
        (group === 'assetClass' ? portfolio.targets?.assetClass : portfolio.targets?.region) ?? {};
      return analytics.drift[group].map((entry) => ({
        group:
          group === 'assetClass'
            ? 'asset class (of total)'
            : 'region (of stock holdings; amounts at the target stock share)',
        name: labelFor(entry.key),
        actual: formatPct(entry.actualPct),
        target: entry.key in targets ? formatPct(entry.targetPct) : 'none set',
        drift: `${entry.driftPct >= 0 ? 'over' : 'under'} by ${formatPoints(entry.driftPct)}`,
        rebalance: `${entry.rebalanceUsd < 0 ? 'sell' : 'buy'} ${formatUsd(entry.rebalanceUsd)}`,
      }));
    }),
    homeBias: analytics.homeBias
      ? {
          stocksInNorthAmerica: formatPct(analytics.homeBias.northAmericaPct),
          stocksOutsideNorthAmerica: formatPct(analytics.homeBias.outsideNorthAmericaPct),
        }
      : null,
    cash: {
      share: formatPct(analytics.cashDrag.cashPct),
      interestEarned: formatPct(analytics.cashDrag.weightedCashInterestPct),
      expectedReturnOfInvestedMix: formatPct(analytics.cashDrag.expectedInvestedReturnPct),
      expectedReturnForgonePerYear: formatUsd(analytics.cashDrag.annualDragUsd),
    },
    expected: {
      returnPerYear: formatPct(analytics.expected.returnPct),
      volatilityPerYear: formatPct(analytics.expected.volatilityPct),
      source: analytics.expected.source,
      notes: analytics.expected.notes,
      yearOneStandardDeviationBelowAverage: {
        return: formatPct(badYear.returnPct),
        changeOnTodaysValue: formatUsd(badYear.changeUsd),
      },
    },
    fees: analytics.fees
      ? {
          averageExpenseRatio: formatPct(analytics.fees.weightedExpenseRatioPct, 2),
          perYear: formatUsd(analytics.fees.annualFeesUsd),
          shareOfInvestedWithKnownRatio: formatPct(analytics.fees.coveredPct),
        }
      : null,
    unpricedPositions: analytics.unpriced.map((position) => ({
      symbol: position.symbol,
      quantity: position.quantity,
      reason: position.reason === 'no_price' ? 'no price available' : 'unknown instrument',
    })),
    prices: {
      newestAsOf: prices.newestAsOf,
      stale: prices.stale.map((entry) => ({
        symbol: entry.symbol,
        source: entry.source,
        asOf: entry.asOf,
        ageDays: entry.ageDays,
      })),
      notices: prices.notices,
    },
    retirementReadiness: outlook
      ? {
          source:
            'the retirement projection (Monte Carlo, the same run as the retirement analysis); state these figures, do not estimate your own',
          simulatedPaths: outlook.simulations,
          retirementAge: outlook.retirementAge,
          yearsOfRetirement: outlook.retirementYears,
          targetSpendingPerYear: formatUsd(outlook.targetSpendingUsd),
          chanceTargetSpendingLasts: formatPct(outlook.successProbabilityPct),
          ...(outlook.successMarginPoints === null
            ? {}
            : { samplingMarginPoints95: `± ${outlook.successMarginPoints.toFixed(1)}` }),
          verdict: outlook.verdict,
          onTrackFrom: formatPct(outlook.onTrackSuccessPct, 0),
          spendingThatLastsAtOnTrackLevelPerYear: formatUsd(outlook.sustainableSpendingUsd),
          shortfallPerYearBelowTarget: formatUsd(outlook.spendingShortfallUsd),
          medianBalanceAtRetirement: formatUsd(outlook.medianAtRetirementUsd),
        }
      : 'not available: make no readiness claim and point the reader to the retirement projection',
    findings: findings.map(({ priority, title, detail }) => ({ priority, title, detail })),
  };
}
