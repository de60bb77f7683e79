import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../parse-json.ts';
import { analyzePortfolio } from './analytics.ts';
import { testPortfolio } from './test-portfolio.ts';

describe('analyzePortfolio on a two-account portfolio', () => {
  const analytics = analyzePortfolio(testPortfolio());

  it('values positions in exact cents and leaves the unpriced one out', () => {
    expect(analytics.total).toEqual({ valueCents: 680_000, valueUsd: 6800 });
    expect(analytics.invested.valueCents).toBe(580_000);
    expect(analytics.cash.valueCents).toBe(100_000);
    expect(analytics.unpriced).toEqual([
      { accountId: 'a1', symbol: 'XYZ', quantity: 5, reason: 'no_price' },
    ]);
    expect(analytics.positions.map((position) => [position.symbol, position.valueCents])).toEqual([
      ['VTI', 250_000],
      ['BND', 145_000],
      ['VTI', 125_000],
      ['VXUS', 60_000],
    ]);
  });

  it('splits by asset class with cash, percentages summing to exactly 100', () => {
    expect(analytics.allocation.assetClass).toEqual([
      { key: 'equity', valueCents: 435_000, valueUsd: 4350, pct: 63.97 },
      { key: 'fixed_income', valueCents: 145_000, valueUsd: 1450, pct: 21.32 },
      { key: 'cash', valueCents: 100_000, valueUsd: 1000, pct: 14.71 },
    ]);
  });

  it('splits invested money by region and sector', () => {
    expect(
      analytics.allocation.region.map((slice) => [slice.key, slice.valueCents, slice.pct]),
    ).toEqual([
      ['north_america', 520_000, 89.66],
      ['asia', 30_000, 5.17],
      ['europe', 30_000, 5.17],
    ]);
    const sectorCents = analytics.allocation.sector.reduce(
      (sum, slice) => sum + slice.valueCents,
      0,
    );
    expect(sectorCents).toBe(580_000);
    expect(
      analytics.allocation.sector.find((slice) => slice.key === 'diversified')?.valueCents,
    ).toBe(60_000);
  });

  it('normalises and flags an allocation map that does not sum to 100', () => {
    expect(analytics.normalised).toEqual([
      { symbol: 'VXUS', group: 'sectors', originalSumPct: 90 },
    ]);
  });

  it('values accounts and account types', () => {
    expect(
      analytics.accounts.map((account) => [account.key, account.valueCents, account.pct]),
    ).toEqual([
      ['a1', 495_000, 72.79],
      ['a2', 185_000, 27.21],
    ]);
    expect(analytics.accountTypes.map((type) => [type.key, type.pct])).toEqual([
      ['taxable', 72.79],
      ['tax_free', 27.21],
    ]);
  });

  it('measures concentration over holdings aggregated by symbol', () => {
    expect(analytics.topHoldings.map((holding) => holding.key)).toEqual([
      'VTI',
      'BND',
      'cash',
      'VXUS',
    ]);
    // (375² + 145² + 100² + 60²) / 680² = 175250 / 462400.
    expect(analytics.concentration).toEqual({
      largestHolding: { symbol: 'VTI', pct: 55.15 },
      herfindahlIndex: 0.379,
      effectiveHoldings: 2.6,
    });
  });

  it('measures regional drift on the stocks, so its trades add up to the equity trade', () => {
    const withRegions = analyzePortfolio(
      testPortfolio({
        targets: {
          assetClass: { equity: 60, fixed_income: 40 },
          region: { north_america: 60, europe: 20, asia: 20 },
        },
      }),
    );
    // Stocks: VTI $3,750 North America, VXUS $300 Europe and $300 Asia. BND (a US bond fund)
    // is not part of it, so buying bonds never counts against the North America target.
    expect(withRegions.drift.region.map((entry) => [entry.key, entry.actualPct])).toEqual([
      ['north_america', 86.21],
      ['europe', 6.89],
      ['asia', 6.9],
    ]);
    const regionTradesUsd = withRegions.drift.region.reduce(
      (sum, entry) => sum + entry.rebalanceUsd,
      0,
    );
    const equityTradeUsd = withRegions.drift.assetClass.find((entry) => entry.key === 'equity');
    expect(regionTradesUsd).toBeCloseTo(equityTradeUsd?.rebalanceUsd ?? Number.NaN, 1);
    // At the target stock share of $4,080: North America $2,448, $1,302 less than today.
    expect(withRegions.drift.region[0]?.rebalanceUsd).toBe(-1302);
  });

  it('keeps an unclassified holding out of every percentage and shows its value apart', () => {
    const portfolio = testPortfolio();
    // XYZ priced but unclassified, as the offline Tagger leaves a symbol it cannot classify.
    portfolio.instruments['XYZ'] = {
      ...portfolio.instruments['XYZ']!,
      priceUsd: 100,
      assetClass: {},
      regions: {},
      sectors: {},
    };
    const withUnknown = analyzePortfolio(portfolio);
    expect(withUnknown.total.valueUsd).toBe(7300);
    expect(withUnknown.unclassified.assetClass).toEqual({ valueCents: 50_000, valueUsd: 500 });
    expect(withUnknown.unclassified.region.valueUsd).toBe(500);
    // The classified holdings keep exactly the shares they had without XYZ; no "equity" guess.
    expect(withUnknown.allocation.assetClass).toEqual(analytics.allocation.assetClass);
    expect(withUnknown.allocation.region).toEqual(analytics.allocation.region);
    expect(withUnknown.expected.returnPct).toBe(analytics.expected.returnPct);
    expect(withUnknown.expected.notes).toContain(
      'unclassified holdings ($500) are left out of the expected return',
    );
    // Unclassified is not "data that did not add up": nothing about XYZ was scaled.
    expect(withUnknown.normalised).toEqual(analytics.normalised);
    expect(withUnknown.facts).toContainEqual({
      label: 'unclassified.assetClass',
      value: 500,
      unit: 'usd',
    });
  });

  it('reports drift from targets with the dollars to rebalance', () => {
    expect(analytics.drift.assetClass).toEqual([
      { key: 'equity', targetPct: 60, actualPct: 63.97, driftPct: 3.97, rebalanceUsd: -270 },
      {
        key: 'fixed_income',
        targetPct: 40,
        actualPct: 21.32,
        driftPct: -18.68,
        rebalanceUsd: 1270,
      },
      { key: 'cash', targetPct: 0, actualPct: 14.71, driftPct: 14.71, rebalanceUsd: -1000 },
    ]);
    expect(analytics.drift.region).toEqual([]);
  });

  it('reports home bias, cash drag, fees and expected return', () => {
    expect(analytics.homeBias).toEqual({
      equity: { valueCents: 435_000, valueUsd: 4350 },
      northAmericaPct: 86.21,
      outsideNorthAmericaPct: 13.79,
    });
    // Real terms. Invested mix 75/25 equity/fixed income: 0.75 × 8.6085% + 0.25 × 1.8336%
    // = 6.9148%. Cash at its 4% account rate earns (1.04)·E[1/(1 + inflation)] − 1 = 1.0087%
    // real, so $1,000 of cash forgoes 5.9061% of itself: $59.06 (nominally 10.1% − 4% before).
    expect(analytics.cashDrag).toEqual({
      cashPct: 14.71,
      weightedCashInterestPct: 4,
      expectedInvestedReturnPct: 6.91,
      annualDragUsd: 59.06,
    });
    expect(analytics.fees).toEqual({
      weightedExpenseRatioPct: 0.03,
      annualFeesUsd: 1.56,
      coveredPct: 89.66,
    });
    // Cash at its account rate (4%), not at T-bill returns.
    expect(analytics.expected.returnPct).toBeCloseTo(
      0.6397 * 8.6085 + 0.2132 * 1.8336 + 0.1471 * 1.0087,
      1,
    );
  });

  it('lists the facts a report may quote', () => {
    expect(analytics.facts).toContainEqual({ label: 'total', value: 6800, unit: 'usd' });
    expect(analytics.facts).toContainEqual({
      label: 'allocation.assetClass.equity',
      value: 63.97,
      unit: 'pct',
    });
    // JSON-serialisable: a round trip changes nothing.
    expect(parseJson(JSON.stringify(analytics), z.unknown())).toEqual(analytics);
  });

  it('handles an empty portfolio without dividing by zero', () => {
    const empty = analyzePortfolio({ accounts: [], instruments: {} });
    expect(empty.total.valueCents).toBe(0);
    expect(empty.allocation.assetClass).toEqual([]);
    expect(empty.concentration.largestHolding).toBeNull();
    expect(empty.homeBias).toBeNull();
  });
});
