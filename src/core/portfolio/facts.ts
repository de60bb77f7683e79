import type { Fact, PortfolioAnalytics } from './types.ts';

/**
 * The numbers a report may quote, each labelled: the fact checker accepts a figure in the text
 * only if it matches one of these as the text rounds it.
 */
export function listFacts(analytics: Omit<PortfolioAnalytics, 'facts'>): Fact[] {
  const facts: Fact[] = [];
  const usd = (label: string, value: number) => facts.push({ label, value, unit: 'usd' });
  const pct = (label: string, value: number) => facts.push({ label, value, unit: 'pct' });
  usd('total', analytics.total.valueUsd);
  usd('invested', analytics.invested.valueUsd);
  usd('cash', analytics.cash.valueUsd);
  for (const [group, slices] of Object.entries(analytics.allocation)) {
    for (const slice of slices) {
      usd(`allocation.${group}.${slice.key}`, slice.valueUsd);
      pct(`allocation.${group}.${slice.key}`, slice.pct);
    }
  }
  for (const [group, amount] of Object.entries(analytics.unclassified)) {
    if (amount.valueCents > 0) usd(`unclassified.${group}`, amount.valueUsd);
  }
  for (const account of analytics.accounts) {
    usd(`account.${account.key}`, account.valueUsd);
    pct(`account.${account.key}`, account.pct);
  }
  for (const type of analytics.accountTypes) {
    usd(`account_type.${type.key}`, type.valueUsd);
    pct(`account_type.${type.key}`, type.pct);
  }
  for (const holding of analytics.topHoldings) {
    usd(`holding.${holding.key}`, holding.valueUsd);
    pct(`holding.${holding.key}`, holding.pct);
  }
  for (const position of analytics.positions) {
    usd(`position.${position.accountId}.${position.symbol}`, position.valueUsd);
    usd(`price.${position.symbol}`, position.priceUsd);
  }
  if (analytics.concentration.largestHolding) {
    pct('concentration.largest_holding', analytics.concentration.largestHolding.pct);
  }
  for (const [group, entries] of Object.entries(analytics.drift)) {
    for (const entry of entries) {
      // Regional drift is measured on the stocks, so its actual share is a figure of its own.
      pct(`drift.${group}.${entry.key}.actual`, entry.actualPct);
      pct(`drift.${group}.${entry.key}.target`, entry.targetPct);
      pct(`drift.${group}.${entry.key}.drift`, Math.abs(entry.driftPct));
      usd(`drift.${group}.${entry.key}.rebalance`, Math.abs(entry.rebalanceUsd));
    }
  }
  if (analytics.homeBias) {
    pct('home_bias.north_america', analytics.homeBias.northAmericaPct);
    pct('home_bias.outside_north_america', analytics.homeBias.outsideNorthAmericaPct);
  }
  pct('cash_drag.cash', analytics.cashDrag.cashPct);
  pct('cash_drag.cash_interest', analytics.cashDrag.weightedCashInterestPct);
  pct('cash_drag.invested_return', analytics.cashDrag.expectedInvestedReturnPct);
  usd('cash_drag.annual', analytics.cashDrag.annualDragUsd);
  pct('expected.return', analytics.expected.returnPct);
  pct('expected.volatility', analytics.expected.volatilityPct);
  if (analytics.fees) {
    pct('fees.expense_ratio', analytics.fees.weightedExpenseRatioPct);
    usd('fees.annual', analytics.fees.annualFeesUsd);
  }
  return facts;
}
