import {
  cashRealMoments,
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  portfolioMoments,
  type CapitalMarketAssumptions,
  type SimulatedAssetClass,
} from '../monte-carlo/capital-market-assumptions.ts';
import { centsToUsd, holdingValueCents, percentOf, percentagesOf, usdToCents } from '../money.ts';
import { addSplit, normaliseMap, toSlices } from './allocation.ts';
import { listFacts } from './facts.ts';
import type {
  AccountType,
  AllocationSlice,
  DriftEntry,
  Money,
  NormalisedAllocation,
  PortfolioAnalytics,
  PortfolioInput,
  PricedPosition,
  UnpricedPosition,
} from './types.ts';

const TOP_HOLDINGS = 10;
const money = (valueCents: number): Money => ({ valueCents, valueUsd: centsToUsd(valueCents) });

/**
 * Everything the report and charts quote about a portfolio, computed once in exact cents.
 * A position without a price is left out and listed in `unpriced`, never valued at a guess.
 */
export function analyzePortfolio(
  input: PortfolioInput,
  assumptions: CapitalMarketAssumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
): PortfolioAnalytics {
  const priced: Omit<PricedPosition, 'pct'>[] = [];
  const unpriced: UnpricedPosition[] = [];
  for (const account of input.accounts) {
    for (const position of account.positions) {
      const instrument = input.instruments[position.symbol];
      if (!instrument || instrument.priceUsd === null) {
        unpriced.push({
          accountId: account.id,
          symbol: position.symbol,
          quantity: position.quantity,
          reason: instrument ? 'no_price' : 'unknown_instrument',
        });
        continue;
      }
      const valueCents = holdingValueCents(position.quantity, instrument.priceUsd);
      priced.push({
        accountId: account.id,
        accountName: account.name,
        symbol: position.symbol,
        name: instrument.name,
        quantity: position.quantity,
        priceUsd: instrument.priceUsd,
        priceSource: instrument.priceSource,
        priceAsOf: instrument.priceAsOf,
        ...money(valueCents),
      });
    }
  }
  const cashCents = input.accounts.reduce((sum, account) => sum + account.cashCents, 0);
  const investedCents = priced.reduce((sum, position) => sum + position.valueCents, 0);
  const totalCents = investedCents + cashCents;

  const normalised: NormalisedAllocation[] = [];
  const assetClassTotals = new Map<string, number>([['cash', cashCents]]);
  const regionTotals = new Map<string, number>();
  const sectorTotals = new Map<string, number>();
  const equityRegionTotals = new Map<string, number>();
  for (const symbol of new Set(priced.map((position) => position.symbol))) {
    const instrument = input.instruments[symbol]!;
    const valueCents = priced
      .filter((position) => position.symbol === symbol)
      .reduce((sum, position) => sum + position.valueCents, 0);
    const groups = [
      ['assetClass', instrument.assetClass, assetClassTotals],
      ['regions', instrument.regions, regionTotals],
      ['sectors', instrument.sectors, sectorTotals],
    ] as const;
    for (const [group, map, totals] of groups) {
      const result = normaliseMap(map);
      // An empty map is unclassified, not scaled: it is reported apart, below.
      if (result.normalised && result.originalSumPct > 0)
        normalised.push({ symbol, group, originalSumPct: result.originalSumPct });
      addSplit(totals, valueCents, result.weights);
    }
    const equityShare = normaliseMap(instrument.assetClass).weights.get('equity') ?? 0;
    const equityCents = usdToCents(centsToUsd(valueCents) * (equityShare / 100));
    addSplit(equityRegionTotals, equityCents, normaliseMap(instrument.regions).weights);
  }

  // Unclassified value (an instrument nobody could classify) is left out of every allocation
  // percentage and shown as an amount of its own, rather than guessed into a class.
  const unclassified = {
    assetClass: money(takeUnclassified(assetClassTotals)),
    region: money(takeUnclassified(regionTotals)),
    sector: money(takeUnclassified(sectorTotals)),
  };
  const classifiedCents = totalCents - unclassified.assetClass.valueCents;

  const positionPcts = percentagesOf([...priced.map((position) => position.valueCents), cashCents]);
  const positions = priced.map((position, index) => ({
    ...position,
    pct: positionPcts[index] ?? 0,
  }));
  const assetClass = toSlices<AssetClassKey>(assetClassTotals);
  const region = toSlices<RegionKey>(regionTotals);
  const holdings = holdingsBySymbol(priced, input);

  const analytics: Omit<PortfolioAnalytics, 'facts'> = {
    total: money(totalCents),
    invested: money(investedCents),
    cash: money(cashCents),
    positions,
    accounts: accountSlices(input, priced),
    accountTypes: toSlices<AccountType>(
      sumBy(input.accounts, (account) => [account.type, accountValue(account, priced)]),
    ),
    allocation: { assetClass, region, sector: toSlices<SectorKey>(sectorTotals) },
    unpriced,
    normalised,
    topHoldings: holdings.slice(0, TOP_HOLDINGS),
    concentration: concentrationOf(holdings, totalCents),
    drift: {
      assetClass: driftFrom(assetClass, input.targets?.assetClass, classifiedCents),
      region: driftFrom(
        toSlices<RegionKey>(equityRegionTotals),
        input.targets?.region,
        regionDriftBaseCents(
          equityRegionTotals,
          input.targets?.assetClass?.equity,
          classifiedCents,
        ),
      ),
    },
    unclassified,
    homeBias: homeBiasOf(equityRegionTotals),
    ...expectationsOf(assetClass, input, cashCents, assumptions, unclassified.assetClass),
    fees: feesOf(priced, input, investedCents),
  };
  return { ...analytics, facts: listFacts(analytics) };
}

type AssetClassKey = PortfolioAnalytics['allocation']['assetClass'][number]['key'];
type RegionKey = PortfolioAnalytics['allocation']['region'][number]['key'];
type SectorKey = PortfolioAnalytics['allocation']['sector'][number]['key'];

function sumBy<Item>(
  items: Item[],
  keyValue: (item: Item) => [string, number],
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of items) {
    const [key, value] = keyValue(item);
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  return totals;
}

function accountValue(
  account: PortfolioInput['accounts'][number],
  priced: Omit<PricedPosition, 'pct'>[],
): number {
  return priced
    .filter((position) => position.accountId === account.id)
    .reduce((sum, position) => sum + position.valueCents, account.cashCents);
}

function accountSlices(
  input: PortfolioInput,
  priced: Omit<PricedPosition, 'pct'>[],
): PortfolioAnalytics['accounts'] {
  const values = input.accounts.map((account) => accountValue(account, priced));
  const pcts = percentagesOf(values);
  return input.accounts.map((account, index) => ({
    key: account.id,
    name: account.name,
    type: account.type,
    ...money(values[index] ?? 0),
    pct: pcts[index] ?? 0,
  }));
}

/** Holdings aggregated by symbol across accounts, largest first; cash is one holding. */
function holdingsBySymbol(priced: Omit<PricedPosition, 'pct'>[], input: PortfolioInput) {
  const totals = sumBy(priced, (position) => [position.symbol, position.valueCents]);
  const cashCents = input.accounts.reduce((sum, account) => sum + account.cashCents, 0);
  if (cashCents > 0) totals.set('cash', cashCents);
  return toSlices(totals);
}

function concentrationOf(
  holdings: AllocationSlice[],
  totalCents: number,
): PortfolioAnalytics['concentration'] {
  if (totalCents <= 0 || holdings.length === 0) {
    return { largestHolding: null, herfindahlIndex: 0, effectiveHoldings: 0 };
  }
  const herfindahl = holdings.reduce((sum, slice) => sum + (slice.valueCents / totalCents) ** 2, 0);
  const largest = holdings[0]!;
  return {
    largestHolding: { symbol: largest.key, pct: largest.pct },
    herfindahlIndex: Math.round(herfindahl * 10_000) / 10_000,
    effectiveHoldings: Math.round((1 / herfindahl) * 10) / 10,
  };
}

function driftFrom(
  slices: AllocationSlice[],
  targets: Partial<Record<string, number>> | undefined,
  baseCents: number,
): DriftEntry[] {
  if (!targets) return [];
  const keys = new Set([...Object.keys(targets), ...slices.map((slice) => slice.key)]);
  return [...keys].map((key) => {
    const targetPct = targets[key] ?? 0;
    const actualPct = slices.find((slice) => slice.key === key)?.pct ?? 0;
    const actualCents = slices.find((slice) => slice.key === key)?.valueCents ?? 0;
    return {
      key,
      targetPct,
      actualPct,
      driftPct: Math.round((actualPct - targetPct) * 100) / 100,
      rebalanceUsd: centsToUsd(usdToCents(centsToUsd(baseCents) * (targetPct / 100)) - actualCents),
    };
  });
}

/**
 * Regional targets apply to the stock holdings: a region's bonds (a US bond fund is North
 * America) would otherwise make "buy fixed income" and "sell North America" contradict each
 * other. The stocks are measured at the size the equity target gives them, so the regional
 * amounts add up to the asset-class equity amount and both can be done at once; without an
 * equity target, at their current size.
 */
function regionDriftBaseCents(
  equityRegionTotals: Map<string, number>,
  equityTargetPct: number | undefined,
  totalCents: number,
): number {
  if (equityTargetPct === undefined) {
    return [...equityRegionTotals.values()].reduce((sum, cents) => sum + cents, 0);
  }
  return usdToCents(centsToUsd(totalCents) * (equityTargetPct / 100));
}

function takeUnclassified(totals: Map<string, number>): number {
  const cents = totals.get('unclassified') ?? 0;
  totals.delete('unclassified');
  return cents;
}

/** Whole dollars, as the agents' formatters write them, so the note's figure is checkable. */
function formatUsdForNote(valueUsd: number): string {
  return `$${Math.round(valueUsd).toLocaleString('en-US')}`;
}

function homeBiasOf(equityRegionTotals: Map<string, number>): PortfolioAnalytics['homeBias'] {
  const equityCents = [...equityRegionTotals.values()].reduce((sum, cents) => sum + cents, 0);
  if (equityCents <= 0) return null;
  const northAmericaPct = percentOf(equityRegionTotals.get('north_america') ?? 0, equityCents);
  return {
    equity: money(equityCents),
    northAmericaPct,
    outsideNorthAmericaPct: Math.round((100 - northAmericaPct) * 100) / 100,
  };
}

/** Expected return and volatility from the capital-market assumptions, and the cost of cash. */
function expectationsOf(
  assetClass: AllocationSlice[],
  input: PortfolioInput,
  cashCents: number,
  assumptions: CapitalMarketAssumptions,
  unclassified: Money,
): Pick<PortfolioAnalytics, 'expected' | 'cashDrag'> {
  const notes: string[] = [];
  if (unclassified.valueCents > 0) {
    notes.push(
      `unclassified holdings (${formatUsdForNote(unclassified.valueUsd)}) are left out of the expected return`,
    );
  }
  const weights: Partial<Record<SimulatedAssetClass, number>> = {};
  const investedWeights: Partial<Record<SimulatedAssetClass, number>> = {};
  const totalCents = assetClass.reduce((sum, slice) => sum + slice.valueCents, 0);
  const investedCents = totalCents - cashCents;
  for (const slice of assetClass) {
    let key = slice.key as SimulatedAssetClass;
    if (slice.key === 'alternatives' || slice.key === 'unclassified') {
      notes.push(`${slice.key} is modelled with equity's assumptions`);
      key = 'equity';
    }
    weights[key] = (weights[key] ?? 0) + slice.valueCents / Math.max(totalCents, 1);
    if (slice.key !== 'cash') {
      investedWeights[key] =
        (investedWeights[key] ?? 0) + slice.valueCents / Math.max(investedCents, 1);
    }
  }
  const interestWeighted = input.accounts.reduce(
    (sum, account) => sum + account.cashCents * (account.cashInterestPct ?? 0),
    0,
  );
  const weightedCashInterestPct =
    cashCents > 0 ? Math.round((interestWeighted / cashCents) * 100) / 100 : 0;
  // Real (after-inflation) figures; cash earns its accounts' rate, so it loses inflation.
  const cashInterestRate = weightedCashInterestPct / 100;
  const whole = portfolioMoments(weights, assumptions, { cashInterestRate });
  const invested = portfolioMoments(investedWeights, assumptions);
  const cashReal = cashRealMoments(cashInterestRate, assumptions.inflation).meanReturn;
  const expectedInvestedReturnPct = Math.round(invested.expectedReturn * 10_000) / 100;
  const forgoneFraction = Math.max(0, invested.expectedReturn - cashReal);
  return {
    expected: {
      returnPct: Math.round(whole.expectedReturn * 10_000) / 100,
      volatilityPct: Math.round(whole.volatility * 10_000) / 100,
      source: assumptions.source,
      notes,
    },
    cashDrag: {
      cashPct: percentOf(cashCents, totalCents),
      weightedCashInterestPct,
      expectedInvestedReturnPct: investedCents > 0 ? expectedInvestedReturnPct : 0,
      annualDragUsd:
        investedCents > 0 ? centsToUsd(usdToCents(centsToUsd(cashCents) * forgoneFraction)) : 0,
    },
  };
}

function feesOf(
  priced: Omit<PricedPosition, 'pct'>[],
  input: PortfolioInput,
  investedCents: number,
): PortfolioAnalytics['fees'] {
  const known = priced.filter(
    (position) => typeof input.instruments[position.symbol]?.expenseRatioPct === 'number',
  );
  if (known.length === 0 || investedCents <= 0) return null;
  const knownCents = known.reduce((sum, position) => sum + position.valueCents, 0);
  const feeUsd = known.reduce(
    (sum, position) =>
      sum + position.valueUsd * ((input.instruments[position.symbol]?.expenseRatioPct ?? 0) / 100),
    0,
  );
  return {
    weightedExpenseRatioPct:
      knownCents > 0 ? Math.round((feeUsd / centsToUsd(knownCents)) * 1_000_000) / 10_000 : 0,
    annualFeesUsd: centsToUsd(usdToCents(feeUsd)),
    coveredPct: percentOf(knownCents, investedCents),
  };
}
