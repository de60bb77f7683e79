import { labelFor } from '../../core/index.ts';
import type { FieldIssue } from '../../errors.ts';
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
  horizonIssue?: FieldIssue | undefined;
}) {
  const { snapshot, badYear, findings, outlook, horizonIssue } = input;
  const { analytics, user, portfolio, prices } = snapshot;
  // Lists go as tables ({columns, rows}): repeating every key on every row costs tokens.
  const slices = (items: ReadonlyArray<{ key: string; valueUsd: number; pct: number }>) =>
    table(
      ['name', 'value', 'share'],
      items.map((item) => [labelFor(item.key), formatUsd(item.valueUsd), formatPct(item.pct)]),
    );
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
    accounts: table(
      ['name', 'type', 'value', 'share'],
      analytics.accounts.map((account) => [
        account.name,
        accountTypeWords(account.type),
        formatUsd(account.valueUsd),
        formatPct(account.pct),
      ]),
    ),
    allocation: {
      assetClassOfTotal: slices(analytics.allocation.assetClass),
      regionOfInvested: slices(analytics.allocation.region),
      sectorOfInvested: slices(analytics.allocation.sector),
      taxTreatment: table(
        ['name', 'value', 'share'],
        analytics.accountTypes.map((item) => [
          accountTypeWords(item.key),
          formatUsd(item.valueUsd),
          formatPct(item.pct),
        ]),
      ),
    },
    topHoldings: table(
      ['symbol', 'name', 'type', 'value', 'share'],
      analytics.topHoldings.map((holding) => [
        holding.key,
        holding.key === 'cash' ? 'Cash' : (portfolio.instruments[holding.key]?.name ?? ''),
        (holding.key === 'cash' ? 'cash' : portfolio.instruments[holding.key]?.instrumentType) ??
          '',
        formatUsd(holding.valueUsd),
        formatPct(holding.pct),
      ]),
    ),
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
    // Only entries with a target: a drift from "none set" is no advice, and the rows add tokens.
    driftFromTargets: {
      assetClassOfTotal: driftRows(analytics.drift.assetClass, portfolio.targets?.assetClass),
      regionOfStocksAmountsAtTargetStockShare: driftRows(
        analytics.drift.region,
        portfolio.targets?.region,
      ),
    },
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
      // Stale prices are named in the "Refresh stale prices" finding; here only their count.
      staleCount: prices.stale.length,
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
          ...(outlook.incomeStreams.length > 0
            ? {
                incomeCountedBesideThePortfolio: outlook.incomeStreams.map(
                  (stream) => stream.description,
                ),
              }
            : {}),
          ...(outlook.longevity
            ? {
                planRunsToAge: outlook.longevity.planToAge,
                ...(outlook.longevity.planToAgeSource
                  ? {
                      planRunsToAgeSetBy:
                        outlook.longevity.planToAgeSource === 'profile'
                          ? "the user's profile (plan_to_age): say it is the age they set"
                          : "the life table's default, as the profile sets no plan_to_age",
                    }
                  : {}),
                chanceOfBeingAliveAtThatAge: formatPct(outlook.longevity.survivalToPlanEndPct),
                chanceOfRunningOutWhileAlive: formatPct(outlook.longevity.ruinWhileAlivePct),
              }
            : {}),
          taxes: outlook.taxes?.description ?? 'not modelled: amounts are before taxes',
        }
      : horizonIssue
        ? {
            notAvailable: `no retirement projection can be made for this profile: ${horizonIssue.rule}`,
            profileSettingToChange: horizonIssue.field,
            instruction:
              'say plainly that no projection can be made and why, name the setting to change, and make no readiness claim',
          }
        : 'not available: make no readiness claim and point the reader to the retirement projection',
    findings: findings.map(({ priority, title, detail }) => ({ priority, title, detail })),
  };
}

function driftRows(
  entries: PortfolioSnapshot['analytics']['drift']['assetClass'],
  targets: Partial<Record<string, number>> | undefined,
) {
  return table(
    ['name', 'actual', 'target', 'drift', 'rebalance'],
    entries
      .filter((entry) => targets !== undefined && entry.key in targets)
      .map((entry) => [
        labelFor(entry.key),
        formatPct(entry.actualPct),
        formatPct(entry.targetPct),
        `${entry.driftPct >= 0 ? 'over' : 'under'} by ${formatPoints(entry.driftPct)}`,
        `${entry.rebalanceUsd < 0 ? 'sell' : 'buy'} ${formatUsd(entry.rebalanceUsd)}`,
      ]),
  );
}

/** A list as a table: the column names once, then one array per row. */
function table(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>) {
  return { columns, rows };
}
