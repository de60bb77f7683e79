import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPITAL_MARKET_ASSUMPTIONS, type AnnualReturnRow } from '../../core/index.ts';
import { testPortfolio } from '../../core/portfolio/test-portfolio.ts';
import { InputError } from '../../errors.ts';
import { projectRetirement } from './projection.ts';
import { planFromSnapshot, seedFromUserId } from './retirement-plan.ts';
import { testSnapshot } from './test-snapshot.ts';

/** Synthetic yearly returns (a smooth wave, not market data) for the historical models. */
function syntheticReturns(count: number): AnnualReturnRow[] {
  return Array.from({ length: count }, (_, index) => ({
    year: 1950 + index,
    sp500: 0.07 + 0.15 * Math.sin(index),
    tbond10: 0.04 + 0.05 * Math.cos(index),
    tbill: 0.03,
    cpi: 0.03,
  }));
}

/** The test portfolio plus one priced holding of the given asset class ($1,000 of it). */
function portfolioWith(assetClass: Record<string, number>) {
  const portfolio = testPortfolio();
  portfolio.accounts[1]?.positions.push({ symbol: 'ALT', quantity: 10 });
  portfolio.instruments['ALT'] = {
    symbol: 'ALT',
    name: 'Test Holding',
    instrumentType: 'fund',
    priceUsd: 100,
    priceSource: 'test',
    priceAsOf: '2026-01-02',
    assetClass,
    regions: { global: 100 },
    sectors: { diversified: 100 },
  };
  return portfolio;
}

describe('plan from the snapshot', () => {
  it('assumes the inflation mean the capital-market assumptions estimate, as `alex simulate` does', () => {
    const plan = planFromSnapshot(testSnapshot(), {});
    expect(plan.simulation.inflationRate).toBe(
      DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation.meanReturn,
    );
    expect(plan.inflationPct).toBeCloseTo(3.108, 3);
    // A given rate still wins.
    expect(planFromSnapshot(testSnapshot(), { inflationPct: 2 }).simulation.inflationRate).toBe(
      0.02,
    );
  });

  it("simulates the portfolio's measured fees and cash rate, and quotes the same expected return", () => {
    const snapshot = testSnapshot();
    // The test portfolio: known expense ratios average 0.03%; its cash earns 4%.
    expect(snapshot.analytics.fees?.weightedExpenseRatioPct).toBe(0.03);
    expect(snapshot.analytics.cashDrag.weightedCashInterestPct).toBe(4);
    const plan = planFromSnapshot(snapshot, {});
    expect(plan.simulation.annualFeeRate).toBeCloseTo(0.0003, 12);
    expect(plan.simulation.cashInterestRate).toBeCloseTo(0.04, 12);
    const withoutFees = planFromSnapshot(
      { ...snapshot, analytics: { ...snapshot.analytics, fees: null } },
      {},
    );
    expect(withoutFees.simulation.annualFeeRate).toBe(0);
    // A 0.03% fee takes about 0.03 points from the expected real return.
    expect(withoutFees.expectedReturnPct! - plan.expectedReturnPct!).toBeCloseTo(0.03, 1);
  });

  it('uses the total value, the asset-class mix and the profile', () => {
    const plan = planFromSnapshot(testSnapshot(), {});
    expect(plan.simulation).toMatchObject({
      balanceUsd: 6800,
      annualContributionUsd: 20_000,
      yearsToRetirement: 25,
      retirementYears: 30,
      spending: { kind: 'amount', annualUsd: 60_000 },
      simulations: 10_000,
      model: 'lognormal',
      inflationRate: DEFAULT_CAPITAL_MARKET_ASSUMPTIONS.inflation.meanReturn,
      currentAgeYears: 40,
    });
    // $4,350 equity, $1,450 bonds, $1,000 cash of $6,800.
    expect(plan.simulation.allocation.equity).toBeCloseTo(4350 / 6800, 12);
    expect(plan.simulation.allocation.fixed_income).toBeCloseTo(1450 / 6800, 12);
    expect(plan.simulation.allocation.cash).toBeCloseTo(1000 / 6800, 12);
    expect(plan.excluded.map((position) => position.symbol)).toEqual(['XYZ']);
    expect(plan).toMatchObject({ retirementAge: 65, endAge: 95, ageSource: 'profile' });
    expect(plan.simulation.seed).toBe(seedFromUserId('user-retirement-test'));
  });

  it('models alternatives and unclassified holdings as equity and says so', () => {
    const plan = planFromSnapshot(testSnapshot({}, portfolioWith({ alternatives: 100 })), {});
    expect(plan.simulation.allocation.equity).toBeCloseTo(5350 / 7800, 12);
    expect(plan.simulation.allocation).not.toHaveProperty('alternatives');
    expect(plan.allocationNotes).toEqual([
      'alternatives modelled as equity (no return series for alternatives; closest in risk)',
    ]);
  });

  it('keeps real estate for the parametric model but maps it to equity for history', () => {
    const snapshot = testSnapshot({}, portfolioWith({ real_estate: 100 }));
    expect(planFromSnapshot(snapshot, {}).simulation.allocation.real_estate).toBeCloseTo(
      1000 / 7800,
      12,
    );
    const historical = planFromSnapshot(snapshot, {
      model: 'historical',
      historicalReturns: syntheticReturns(70),
    });
    expect(historical.simulation.allocation).not.toHaveProperty('real_estate');
    expect(historical.allocationNotes[0]).toMatch(/real estate modelled as equity/);
    expect(historical.inflationPct).toBeNull();
    expect(historical.returnSource).toMatch(/1950-2019 supplied by the caller/);
  });

  it('runs one historical path per start year', () => {
    const plan = planFromSnapshot(testSnapshot(), {
      model: 'historical',
      historicalReturns: syntheticReturns(70),
    });
    const projection = projectRetirement(plan, 2026);
    // 70 years of data, 55 simulated years: 16 start years.
    expect(projection.result.paths).toBe(16);
  });

  it('needs historical returns long enough for the historical models', () => {
    expect(() => planFromSnapshot(testSnapshot(), { model: 'bootstrap' })).toThrow(
      /options\.historicalReturns: required by the bootstrap model/,
    );
    expect(() =>
      planFromSnapshot(testSnapshot(), {
        model: 'historical',
        historicalReturns: syntheticReturns(40),
      }),
    ).toThrow(/40 years of data cannot cover 55 years/);
  });

  it('simulates the target mix while the portfolio holds nothing priced', () => {
    const empty = testPortfolio({
      accounts: [{ id: 'a1', name: 'New', type: 'taxable', cashCents: 0, positions: [] }],
    });
    const plan = planFromSnapshot(testSnapshot({}, empty), {});
    expect(plan.simulation.balanceUsd).toBe(0);
    expect(plan.simulation.allocation).toEqual({ equity: 0.6, fixed_income: 0.4 });
    expect(plan.allocationNotes).toEqual([
      'the portfolio has no priced value yet, so the target allocation is simulated',
    ]);

    const { targets: _none, ...withoutTargets } = empty;
    const failure = (() => {
      try {
        return planFromSnapshot(testSnapshot({}, withoutTargets), {});
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).issues[0]?.field).toBe('snapshot.analytics.total');
  });

  it('assumes retirement at 65 for ages when the profile has none', () => {
    const plan = planFromSnapshot(testSnapshot({ currentAge: null, yearsUntilRetirement: 20 }));
    expect(plan).toMatchObject({ currentAge: 45, retirementAge: 65, ageSource: 'assumed' });
  });

  it('rejects impossible profiles', () => {
    expect(() => planFromSnapshot(testSnapshot({ yearsUntilRetirement: 2.5 }))).toThrow(
      /yearsUntilRetirement: must be whole years/,
    );
    expect(() => planFromSnapshot(testSnapshot({ annualContributionUsd: -1 }))).toThrow(
      /annualContributionUsd: cannot be negative/,
    );
  });

  it('derives a stable 32-bit seed from the user id', () => {
    expect(seedFromUserId('')).toBe(0x811c9dc5);
    expect(seedFromUserId('user-1')).toBe(seedFromUserId('user-1'));
    expect(seedFromUserId('user-1')).not.toBe(seedFromUserId('user-2'));
    expect(seedFromUserId('user-1')).toBeLessThan(2 ** 32);
  });
});
