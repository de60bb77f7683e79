import { describe, expect, it } from 'vitest';
import { simulateRetirement } from './simulate.ts';
import { planOptions } from './test-options.ts';

describe('lognormal model against the closed forms of geometric Brownian motion', () => {
  // One asset with arithmetic mean μ and volatility σ; log-returns have s² = ln(1 + σ²/(1+μ)²)
  // and m = ln(1+μ) − s²/2, so after n years W = W0·exp(Σ), Σ ~ N(n·m, n·s²):
  // mean W0·(1+μ)^n, median W0·exp(n·m).
  const mu = 0.07;
  const sigma = 0.15;
  const years = 20;
  const paths = 20_000;
  const s2 = Math.log(1 + (sigma / (1 + mu)) ** 2);
  const m = Math.log(1 + mu) - s2 / 2;
  const result = simulateRetirement(
    planOptions({
      simulations: paths,
      seed: 11,
      singleAsset: { meanReturn: mu, volatility: sigma },
      yearsToRetirement: years,
      balanceUsd: 100_000,
      spending: { kind: 'amount', annualUsd: 0 },
    }),
  );

  it('matches the mean of terminal wealth within four standard errors', () => {
    const expectedMean = 100_000 * (1 + mu) ** years;
    const variance =
      100_000 ** 2 * (((1 + mu) ** 2 + sigma ** 2) ** years - (1 + mu) ** (2 * years));
    const standardError = Math.sqrt(variance / paths);
    expect(Math.abs(result.meanAtRetirement - expectedMean)).toBeLessThan(4 * standardError);
  });

  it('matches the median of terminal wealth within four standard errors of the median', () => {
    const expectedMedian = 100_000 * Math.exp(years * m);
    // The sample median of a normal has standard error ≈ 1.2533·sd/√N; here in log space.
    const logStandardError = (1.2533 * Math.sqrt(years * s2)) / Math.sqrt(paths);
    const logError = Math.log(result.percentilesAtRetirement.p50 / expectedMedian);
    expect(Math.abs(logError)).toBeLessThan(4 * logStandardError);
  });
});

describe('zero volatility: exact annuity arithmetic', () => {
  // Real growth g = (1 + r)/(1 + i); with v = 1/g, spending s from W lasts exactly n years when
  // s = W / ä_n with ä_n = (1 − vⁿ)/(1 − v) (withdrawals at the start of each year), or
  // s = W / a_n with a_n = v·(1 − vⁿ)/(1 − v) (at the end of each year).
  const nominal = 0.05;
  const inflation = 0.02;
  const years = 30;
  const v = (1 + inflation) / (1 + nominal);
  const annuityDue = (1 - v ** years) / (1 - v);
  const annuityImmediate = v * annuityDue;
  const deterministic = (overrides: Parameters<typeof planOptions>[0]) =>
    simulateRetirement(
      planOptions({
        simulations: 5,
        singleAsset: { meanReturn: nominal, volatility: 0 },
        inflationRate: inflation,
        retirementYears: years,
        targetSuccess: 1,
        ...overrides,
      }),
    );

  it('finds the exact withdrawal rate that lasts n years (start of year)', () => {
    const result = deterministic({});
    expect(result.sustainable.withdrawalRate).toBeCloseTo(1 / annuityDue, 12);
    expect(result.sustainable.spendingUsd).toBeCloseTo(1_000_000 / annuityDue, 6);
  });

  it('finds the exact withdrawal rate that lasts n years (end of year)', () => {
    const result = deterministic({ withdrawalTiming: 'end' });
    expect(result.sustainable.withdrawalRate).toBeCloseTo(1 / annuityImmediate, 12);
  });

  it('succeeds at exactly that rate and fails just above it', () => {
    const exact = deterministic({ spending: { kind: 'rate', withdrawalRate: 1 / annuityDue } });
    const above = deterministic({
      spending: { kind: 'rate', withdrawalRate: (1 / annuityDue) * 1.001 },
    });
    expect(exact.successProbability).toBe(1);
    expect(exact.percentilesAtEnd.p50).toBeCloseTo(0, 3);
    expect(above.successProbability).toBe(0);
    expect(above.depletionHistogram).toEqual([{ retirementYear: years - 1, age: null, count: 5 }]);
  });

  it('accumulates contributions to the future value of an annuity', () => {
    // Contributions c at the end of each of n years: c·(gⁿ − 1)/(g − 1) in today's dollars.
    const g = 1 / v;
    const result = deterministic({
      balanceUsd: 0,
      annualContributionUsd: 10_000,
      yearsToRetirement: 25,
    });
    expect(result.percentilesAtRetirement.p50).toBeCloseTo((10_000 * (g ** 25 - 1)) / (g - 1), 6);
    expect(result.meanAtRetirement).toBeCloseTo((10_000 * (g ** 25 - 1)) / (g - 1), 6);
  });

  it("pays Bengen's convention at the end of each year without that year's inflation", () => {
    // The payment closing year k is s·(1+i)^(k−1) dollars, worth s/(1+i) of retirement-date
    // dollars: s = W·(1+i)/a_n at the real rate.
    const result = deterministic({ withdrawalTiming: 'bengen' });
    expect(result.sustainable.withdrawalRate).toBeCloseTo((1 + inflation) / annuityImmediate, 12);
    expect(result.sustainable.timing).toBe('bengen');
    expect(result.income.firstYear.p50).toBeCloseTo(40_000 / (1 + inflation), 6);
  });

  it('dates a depletion at the end of the year when withdrawals are paid then', () => {
    const above = deterministic({
      withdrawalTiming: 'end',
      currentAgeYears: 65,
      spending: { kind: 'rate', withdrawalRate: (1 / annuityImmediate) * 1.001 },
    });
    expect(above.depletionHistogram).toEqual([{ retirementYear: years - 1, age: 95, count: 5 }]);
    const atStart = deterministic({
      currentAgeYears: 65,
      spending: { kind: 'rate', withdrawalRate: (1 / annuityDue) * 1.001 },
    });
    expect(atStart.depletionHistogram).toEqual([{ retirementYear: years - 1, age: 94, count: 5 }]);
  });

  it('shrinks a fixed nominal withdrawal by inflation when not inflation-adjusted', () => {
    // Spending fixed in nominal terms is worth s/(1+i)^t in year t: a level annuity at the
    // nominal rate, ä = (1 − uⁿ)/(1 − u) with u = 1/(1 + r).
    const u = 1 / (1 + nominal);
    const result = deterministic({ inflationAdjusted: false });
    expect(result.sustainable.withdrawalRate).toBeCloseTo((1 - u) / (1 - u ** years), 12);
    expect(result.sustainable.basis).toBe('fixed-nominal');
  });

  it('keeps a fixed nominal withdrawal at the same dollars when paid at the end of the year', () => {
    // s dollars at the end of each year: a level annuity-immediate at the nominal rate,
    // a = u·(1 − uⁿ)/(1 − u); the first payment is worth s/(1+i) of retirement-date dollars.
    const u = 1 / (1 + nominal);
    const result = deterministic({ inflationAdjusted: false, withdrawalTiming: 'end' });
    expect(result.sustainable.withdrawalRate).toBeCloseTo((1 - u) / (u * (1 - u ** years)), 12);
    for (const [k, row] of result.income.byYear.entries()) {
      expect(row.p50 * (1 + inflation) ** (k + 1)).toBeCloseTo(40_000, 6);
    }
  });
});
