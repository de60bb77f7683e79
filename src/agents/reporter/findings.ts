import { centsToUsd, labelFor, usdToCents } from '../../core/index.ts';
import type { DriftEntry } from '../../core/index.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import { formatPct, formatUsd } from '../format.ts';
import { markdownText } from '../markdown-safety.ts';
import { formatPoints } from './format.ts';
import type { RetirementOutlook } from './schema.ts';
import type { Finding, Priority } from './finding.ts';
import { xrayFindings } from './xray-findings.ts';
import type { XrayRuleId } from '../../contracts/xray.ts';
import type { Xray } from '../../core/index.ts';

// When a rule speaks up. These are common rules of thumb for a retail portfolio, not laws:
// - one company above 20% of the portfolio is a bet on that company (many advisers and target-
//   date funds cap single names far lower); 10% is the point to start watching it;
// - drift beyond 5 percentage points from a target is the usual band for rebalancing;
// - cash above 10% (beyond an emergency fund) usually forgoes return;
// - more than 80% of the stock money in North America is a strong home bias;
// - an average expense ratio above 0.5% a year is high next to broad index funds.
export const REVIEW_THRESHOLDS = {
  singleStockPct: 20,
  singleStockWatchPct: 10,
  driftPoints: 5,
  cashPct: 10,
  homeBiasPct: 80,
  expenseRatioPct: 0.5,
} as const;

/** The thresholds the findings apply; the X-ray's rules may carry the user's own (see below). */
type ReviewLimits = { [Key in keyof typeof REVIEW_THRESHOLDS]: number };

export type { Finding, Priority } from './finding.ts';

const PRIORITY_ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

/**
 * The portfolio's issues from the rules above, most important first. Readiness comes from the
 * retirement projection when there is one; without it no readiness issue is claimed either way.
 */
export function findIssues(
  snapshot: PortfolioSnapshot,
  outlook: RetirementOutlook | undefined,
  xray?: Xray,
): Finding[] {
  // Where a finding and an X-ray rule judge the same thing (drift, home bias, fees), the rule's
  // threshold (the user's own, or the same default) decides both, so they never disagree.
  const limits = xray ? limitsFrom(xray) : REVIEW_THRESHOLDS;
  const findings = [
    unpricedFinding(snapshot),
    ...singleStockFindings(snapshot),
    driftFinding(snapshot, 'assetClass', limits),
    driftFinding(snapshot, 'region', limits),
    emergencyFundShort(snapshot, xray) ? null : cashFinding(snapshot),
    homeBiasFinding(snapshot, limits),
    feesFinding(snapshot, limits),
    ...(xray ? xrayFindings(xray) : []),
    outlook ? readinessFinding(outlook) : null,
    stalePricesFinding(snapshot),
    targetsFinding(snapshot),
  ].filter((finding): finding is Finding => finding !== null);
  return findings.sort(
    (left, right) =>
      PRIORITY_ORDER[left.priority] - PRIORITY_ORDER[right.priority] ||
      right.weightUsd - left.weightUsd,
  );
}

function unpricedFinding({ analytics, portfolio }: PortfolioSnapshot): Finding | null {
  if (analytics.unpriced.length === 0) return null;
  const accountName = (id: string) =>
    markdownText(portfolio.accounts.find((account) => account.id === id)?.name ?? id);
  const listed = analytics.unpriced.map(
    (position) =>
      `${position.symbol} (${position.quantity} units in ${accountName(position.accountId)}, ${
        position.reason === 'no_price' ? 'no price available' : 'not a known instrument'
      })`,
  );
  return {
    priority: 'high',
    title: 'Price the holdings this report could not value',
    detail:
      `Not valued: ${listed.join('; ')}. Every figure in this report leaves ${
        listed.length === 1 ? 'it' : 'them'
      } out, so the true totals and shares differ. ` +
      'Check the symbol or add a price, then run the analysis again.',
    knowledgeQuery: 'portfolio valuation missing prices',
    // First among the high priorities: every other figure depends on it.
    weightUsd: Number.MAX_SAFE_INTEGER,
    facts: [],
  };
}

function singleStockFindings({ analytics, portfolio }: PortfolioSnapshot): Finding[] {
  const { singleStockPct, singleStockWatchPct } = REVIEW_THRESHOLDS;
  return analytics.topHoldings
    .filter((holding) => portfolio.instruments[holding.key]?.instrumentType === 'stock')
    .filter((holding) => holding.pct > singleStockWatchPct)
    .map((holding) => {
      const name = markdownText(portfolio.instruments[holding.key]?.name ?? holding.key);
      if (holding.pct <= singleStockPct) {
        return {
          priority: 'low' as const,
          title: `Keep an eye on the weight of ${holding.key}`,
          detail:
            `${holding.key} (${name}) is ${formatPct(holding.pct)} of the portfolio ` +
            `(${formatUsd(holding.valueUsd)}). That is above ${formatPct(singleStockWatchPct, 0)} but ` +
            `within ${formatPct(singleStockPct, 0)}; avoid adding to it so one company's setback stays survivable.`,
          knowledgeQuery: 'concentration risk single stock',
          weightUsd: holding.valueUsd,
          facts: [],
        };
      }
      const sellUsd = centsToUsd(
        holding.valueCents - usdToCents(analytics.total.valueUsd * (singleStockPct / 100)),
      );
      return {
        priority: 'high' as const,
        title: `Reduce the weight of ${holding.key}`,
        detail:
          `${holding.key} (${name}) is ${formatPct(holding.pct)} of the portfolio ` +
          `(${formatUsd(holding.valueUsd)}), above the ${formatPct(singleStockPct, 0)} ceiling often suggested ` +
          `for one company. Selling about ${formatUsd(sellUsd)} would bring it to ${formatPct(singleStockPct, 0)}; ` +
          'Selling inside a tax-advantaged account owes no capital-gains tax; in a taxable account, spreading sales over time spreads the tax.',
        knowledgeQuery: 'concentration risk single stock',
        weightUsd: sellUsd,
        facts: [{ value: sellUsd, unit: 'usd' }],
      };
    });
}

/**
 * "Put idle cash to work" would contradict the X-ray's "build an emergency fund" when all the
 * cash is in taxable accounts and falls short of the emergency fund: none of it is idle then.
 */
function emergencyFundShort({ portfolio }: PortfolioSnapshot, xray: Xray | undefined): boolean {
  const failed = xray?.rules.some(
    (rule) => rule.id === 'emergency_fund' && rule.status === 'failed',
  );
  return (
    failed === true &&
    portfolio.accounts.every((account) => account.type === 'taxable' || account.cashCents === 0)
  );
}

/** The review thresholds in force: the X-ray's rules (the user's own or the default) where they judge the same thing. */
export function reviewLimits(xray: Xray | undefined): ReviewLimits {
  return xray ? limitsFrom(xray) : REVIEW_THRESHOLDS;
}

function limitsFrom(xray: Xray): ReviewLimits {
  const threshold = (id: XrayRuleId) => xray.rules.find((rule) => rule.id === id)?.threshold;
  return {
    ...REVIEW_THRESHOLDS,
    driftPoints: threshold('target_drift') ?? REVIEW_THRESHOLDS.driftPoints,
    homeBiasPct: threshold('home_bias') ?? REVIEW_THRESHOLDS.homeBiasPct,
    expenseRatioPct: threshold('fee_ratio') ?? REVIEW_THRESHOLDS.expenseRatioPct,
  };
}

function driftFinding(
  { analytics, portfolio }: PortfolioSnapshot,
  group: 'assetClass' | 'region',
  limits: ReviewLimits,
): Finding | null {
  const targets: Partial<Record<string, number>> | undefined =
    group === 'assetClass' ? portfolio.targets?.assetClass : portfolio.targets?.region;
  const outside = analytics.drift[group]
    // Cash without a target of its own is the cash finding's business.
    .filter((entry) => entry.key !== 'cash' || targets?.cash !== undefined)
    .filter((entry) => Math.abs(entry.driftPct) > limits.driftPoints)
    .sort((left, right) => Math.abs(right.driftPct) - Math.abs(left.driftPct));
  if (outside.length === 0) return null;
  const largest = Math.abs(outside[0]?.driftPct ?? 0);
  const groupWords = group === 'assetClass' ? 'asset-class' : 'regional';
  const targeted = (key: string) => targets !== undefined && key in targets;
  return {
    priority: group === 'assetClass' && largest > 2 * limits.driftPoints ? 'high' : 'medium',
    title: `Rebalance toward your ${groupWords} targets`,
    detail:
      outside.map((entry) => driftSentence(entry, group, targeted(entry.key))).join(' ') +
      ` ${outside.length === 1 ? 'That is' : 'Each is'} more than ${formatPoints(limits.driftPoints)} from target. ` +
      regionNote(group, portfolio.targets?.assetClass?.equity !== undefined) +
      'New contributions can close part of the gap before you sell anything; in taxable accounts, selling may realise gains.',
    knowledgeQuery: 'rebalancing drift target allocation',
    weightUsd: outside.reduce((sum, entry) => sum + Math.abs(entry.rebalanceUsd), 0),
    facts: [],
  };
}

function regionNote(group: 'assetClass' | 'region', hasEquityTarget: boolean): string {
  if (group !== 'region') return '';
  return hasEquityTarget
    ? 'Regional targets apply to your stocks, at the stock share of your asset-class target, so these trades and the asset-class ones can be made together. '
    : 'Regional targets apply to your stocks only. ';
}

function driftSentence(
  entry: DriftEntry,
  group: 'assetClass' | 'region',
  targeted: boolean,
): string {
  const name = labelFor(entry.key);
  const action = entry.rebalanceUsd < 0 ? 'sell' : 'buy';
  const base = group === 'region' ? ' of your stocks' : '';
  const amount = `${action} about ${formatUsd(entry.rebalanceUsd)}`;
  if (!targeted) {
    return `${name} is ${formatPct(entry.actualPct)}${base} but has no target in your plan: ${amount}.`;
  }
  const direction = entry.driftPct > 0 ? 'over' : 'under';
  return (
    `${name} is ${formatPct(entry.actualPct)}${base} against a ${formatPct(entry.targetPct)} target ` +
    `(${formatPoints(Math.abs(entry.driftPct))} ${direction}): ${amount}.`
  );
}

function cashFinding({ analytics, portfolio }: PortfolioSnapshot): Finding | null {
  const { cashDrag } = analytics;
  if (cashDrag.cashPct <= REVIEW_THRESHOLDS.cashPct) return null;
  // A cash target of the user's own is checked with the other targets (drift).
  if (portfolio.targets?.assetClass?.cash !== undefined) return null;
  const forgone =
    cashDrag.annualDragUsd > 0
      ? ` At the ${formatPct(cashDrag.expectedInvestedReturnPct)} a year expected from your invested mix, ` +
        `versus ${formatPct(cashDrag.weightedCashInterestPct)} earned on cash, that is about ` +
        `${formatUsd(cashDrag.annualDragUsd)} a year of expected return forgone.`
      : '';
  return {
    priority: 'medium',
    title: 'Put idle cash to work',
    detail:
      `Cash is ${formatPct(cashDrag.cashPct)} of the portfolio (${formatUsd(analytics.cash.valueUsd)}).${forgone} ` +
      'Keep what you need as an emergency fund or for near-term spending, and invest the rest according to your plan.',
    knowledgeQuery: 'cash drag idle cash',
    weightUsd: analytics.cash.valueUsd,
    facts: [],
  };
}

function homeBiasFinding(
  { analytics, portfolio }: PortfolioSnapshot,
  limits: ReviewLimits,
): Finding | null {
  const { homeBias } = analytics;
  if (!homeBias || homeBias.northAmericaPct <= limits.homeBiasPct) return null;
  if (portfolio.targets?.region) return null;
  return {
    priority: 'low',
    title: 'Consider more international stocks',
    detail:
      `North America is ${formatPct(homeBias.northAmericaPct)} of your stock holdings ` +
      `(${formatUsd(homeBias.equity.valueUsd)} in stocks), leaving ${formatPct(homeBias.outsideNorthAmericaPct)} ` +
      `outside it, above the ${formatPct(limits.homeBiasPct, 0)} this report treats as a strong home bias. ` +
      'A broad international fund spreads the risk of one economy and currency.',
    knowledgeQuery: 'international exposure home bias',
    weightUsd: homeBias.equity.valueUsd,
    facts: [{ value: homeBias.equity.valueUsd, unit: 'usd' }],
  };
}

function feesFinding(
  { analytics, portfolio }: PortfolioSnapshot,
  limits: ReviewLimits,
): Finding | null {
  const { fees } = analytics;
  if (!fees || fees.weightedExpenseRatioPct <= limits.expenseRatioPct) return null;
  const costly = [...new Set(analytics.positions.map((position) => position.symbol))]
    .map((symbol) => ({ symbol, ratio: portfolio.instruments[symbol]?.expenseRatioPct }))
    .filter(
      (entry): entry is { symbol: string; ratio: number } =>
        typeof entry.ratio === 'number' && entry.ratio > limits.expenseRatioPct,
    )
    .map((entry) => `${entry.symbol} (${formatPct(entry.ratio, 2)})`);
  return {
    priority: 'medium',
    title: 'Cut fund costs',
    detail:
      `Your funds charge ${formatPct(fees.weightedExpenseRatioPct, 2)} a year on average, about ` +
      `${formatUsd(fees.annualFeesUsd)} a year on the ${formatPct(fees.coveredPct)} of holdings with a known expense ratio. ` +
      (costly.length > 0 ? `The most expensive: ${costly.join(', ')}. ` : '') +
      'Low-cost index funds covering the same markets would keep more of the return.',
    knowledgeQuery: 'fees expense ratios',
    weightUsd: fees.annualFeesUsd,
    facts: [],
  };
}

/**
 * Below the on-track band the retirement plan is a high-priority issue: even "close" means the
 * target spending runs out in more than one path in ten, which no portfolio housekeeping
 * outranks. Its dollar weight is the spending gap over the whole retirement.
 */
function readinessFinding(outlook: RetirementOutlook): Finding | null {
  if (outlook.status === 'on_track' || outlook.targetSpendingUsd <= 0) return null;
  const gap =
    outlook.spendingShortfallUsd > 0
      ? `To last in ${formatPct(outlook.onTrackSuccessPct, 0)} of paths, spending would have to be about ` +
        `${formatUsd(outlook.sustainableSpendingUsd)} a year, ${formatUsd(outlook.spendingShortfallUsd)} below the target. `
      : '';
  return {
    priority: 'high',
    title: 'Close the retirement gap',
    detail:
      `The retirement projection gives your target income of ${formatUsd(outlook.targetSpendingUsd)} a year an ` +
      `estimated ${formatPct(outlook.successProbabilityPct)} chance of lasting ${outlook.retirementYears} years ` +
      `(${outlook.verdict}; on track takes ${formatPct(outlook.onTrackSuccessPct, 0)}). ${gap}` +
      'Saving more, retiring later or planning a lower income each narrow the gap; the retirement projection shows by how much.',
    knowledgeQuery: 'safe withdrawal rates retirement savings',
    weightUsd: outlook.spendingShortfallUsd * outlook.retirementYears,
    facts: [],
  };
}

function stalePricesFinding({ prices }: PortfolioSnapshot): Finding | null {
  if (prices.stale.length === 0) return null;
  // Holdings priced from the same source on the same day are listed together, once.
  const groups = new Map<string, string[]>();
  for (const entry of prices.stale) {
    const age = entry.ageDays === null ? '' : `, ${entry.ageDays} days old`;
    const origin = `${entry.source ?? 'unknown source'}${entry.asOf ? ` as of ${entry.asOf}` : ''}${age}`;
    groups.set(origin, [...(groups.get(origin) ?? []), entry.symbol]);
  }
  const listed = [...groups].map(([origin, symbols]) => `${symbols.join(', ')} (${origin})`);
  return {
    priority: 'low',
    title: 'Refresh stale prices',
    detail: `These holdings are valued at a stored rather than a current price: ${listed.join('; ')}. Values may have moved since.`,
    knowledgeQuery: 'portfolio valuation prices',
    weightUsd: 0,
    facts: [],
  };
}

function targetsFinding({ portfolio }: PortfolioSnapshot): Finding | null {
  if (portfolio.targets?.assetClass) return null;
  return {
    priority: 'low',
    title: 'Set target allocations',
    detail:
      'You have no asset-class targets, so this report cannot measure drift. A target mix (for example a ' +
      'split between stocks and bonds that fits your time to retirement) turns rebalancing into a simple rule.',
    knowledgeQuery: 'asset allocation by age',
    weightUsd: 0,
    facts: [],
  };
}

/** The thresholds above as percentages a report may quote. */
export function thresholdFacts(): number[] {
  return Object.values(REVIEW_THRESHOLDS);
}
