import { describe, expect, it } from 'vitest';
import { simulateRetirement } from './simulate.ts';
import { planOptions } from './test-options.ts';

describe('withdrawal strategies on the same paths', () => {
  const plan = planOptions({
    seed: 21,
    simulations: 3000,
    inflationRate: 0.025,
    spending: { kind: 'rate', withdrawalRate: 0.055 },
    retirementYears: 35,
  });
  const constantDollar = simulateRetirement(plan);
  const constantPercent = simulateRetirement({ ...plan, strategy: 'constant-percent' });
  const guardrails = simulateRetirement({ ...plan, strategy: 'guardrails' });

  it('constant percentage never runs out, but fails a path whose spending falls below the floor', () => {
    expect(constantPercent.depletionHistogram).toEqual([]);
    expect(constantPercent.successDefinition).toBe('above-floor');
    expect(constantPercent.successProbability).toBeCloseTo(
      1 - constantPercent.income.yearsBelowFloor.shareOfPathsWithAny,
      12,
    );
    expect(constantPercent.successProbability).toBeLessThan(0.9);
  });

  it('50% a year is no success: spending collapses though the money never runs out', () => {
    const lavish = simulateRetirement({
      ...plan,
      strategy: 'constant-percent',
      spending: { kind: 'rate', withdrawalRate: 0.5 },
    });
    expect(lavish.depletionHistogram).toEqual([]);
    expect(lavish.successProbability).toBe(0);
    expect(lavish.income.minimumRatio.p90).toBeLessThan(0.01);
  });

  it('Guyton-Klinger guardrails cut spending, and with no floor they fail less often than constant dollars', () => {
    expect(constantDollar.successProbability).toBeLessThan(0.9);
    expect(guardrails.income.cuts.mean).toBeGreaterThan(0);
    expect(guardrails.income.minimumRatio.p10).toBeLessThan(0.75);
    const noFloor = simulateRetirement({ ...plan, strategy: 'guardrails', spendingFloor: 0 });
    expect(noFloor.successProbability).toBeGreaterThan(constantDollar.successProbability);
    expect(guardrails.successProbability).toBeLessThan(noFloor.successProbability);
  });

  it('a higher floor fails more paths of a variable strategy', () => {
    const strict = simulateRetirement({ ...plan, strategy: 'guardrails', spendingFloor: 0.9 });
    expect(strict.successProbability).toBeLessThan(guardrails.successProbability);
    expect(strict.income.floorFraction).toBe(0.9);
  });

  it('constant dollars succeed when paid in full; income metrics show what a failed path lived on', () => {
    expect(constantDollar.successDefinition).toBe('paid-in-full');
    expect(constantDollar.income.firstYear.p50).toBeCloseTo(55_000, 6);
    expect(constantDollar.income.cuts.mean).toBeGreaterThan(0);
    // Failed paths end on nothing: the lowest spending of the worst tenth is zero.
    expect(constantDollar.income.minimum.p10).toBe(0);
    expect(constantDollar.income.byYear).toHaveLength(35);
    expect(constantDollar.income.byYear[0]?.p10).toBeCloseTo(55_000, 6);
  });

  it('quotes sustainable spending on the constant-dollar basis whatever the strategy', () => {
    expect(guardrails.sustainable).toEqual(constantDollar.sustainable);
    expect(guardrails.sustainable.basis).toBe('constant-dollar');
  });

  it('end-of-year withdrawals last longer than start-of-year ones', () => {
    const endOfYear = simulateRetirement({ ...plan, withdrawalTiming: 'end' });
    expect(endOfYear.successProbability).toBeGreaterThanOrEqual(constantDollar.successProbability);
    expect(endOfYear.sustainable.withdrawalRate).toBeGreaterThan(
      constantDollar.sustainable.withdrawalRate,
    );
  });

  it('bootstrap draws whole historical years and is reproducible for a seed', () => {
    const rows = Array.from({ length: 10 }, (_, index) => ({
      year: 2000 + index,
      sp500: 0.05,
      tbond10: 0.05,
      tbill: 0.05,
      cpi: 0,
    }));
    const bootstrap = simulateRetirement({
      ...plan,
      model: 'bootstrap',
      historicalReturns: rows,
      inflationRate: 0,
      simulations: 50,
      targetSuccess: 1,
    });
    // Every year returns 5% with no inflation: the annuity-due rate at 5% for 35 years.
    const v = 1 / 1.05;
    expect(bootstrap.sustainable.withdrawalRate).toBeCloseTo((1 - v) / (1 - v ** 35), 12);
  });
});

describe('VPW and floor-and-ceiling with deterministic returns', () => {
  const deterministic = (meanReturn: number, overrides: Parameters<typeof planOptions>[0]) =>
    simulateRetirement(
      planOptions({
        simulations: 3,
        singleAsset: { meanReturn, volatility: 0 },
        ...overrides,
      }),
    );

  it('VPW spends a level real amount and empties the portfolio when returns meet its assumption', () => {
    // A single asset takes VPW's stock trend, 5% real; earning exactly that, PMT spends level.
    const result = deterministic(0.05, { strategy: 'vpw', retirementYears: 30 });
    const v = 1 / 1.05;
    const level = 1_000_000 / ((1 - v ** 30) / (1 - v));
    for (const row of result.income.byYear) expect(row.p50).toBeCloseTo(level, 4);
    expect(result.percentilesAtEnd.p50).toBeCloseTo(0, 4);
    expect(result.successProbability).toBe(1);
    expect(result.income.cuts.mean).toBe(0);
  });

  it('VPW spends more as returns beat its assumption and less as they fall short, never running out', () => {
    const rich = deterministic(0.08, { strategy: 'vpw' });
    const poor = deterministic(0.0, { strategy: 'vpw' });
    expect(rich.income.byYear.at(-1)!.p50).toBeGreaterThan(rich.income.byYear[0]!.p50);
    expect(poor.income.byYear.at(-1)!.p50).toBeLessThan(poor.income.byYear[0]!.p50);
    expect(poor.depletionHistogram).toEqual([]);
    expect(poor.income.cuts.p50).toBe(29);
  });

  it('floor-and-ceiling raises real spending at most 5% and cuts it at most 2.5% a year', () => {
    const boom = deterministic(0.2, { strategy: 'floor-and-ceiling' });
    expect(boom.income.byYear[1]!.p50).toBeCloseTo(42_000, 6);
    expect(boom.income.byYear[2]!.p50).toBeCloseTo(44_100, 6);
    const bust = deterministic(-0.1, { strategy: 'floor-and-ceiling' });
    expect(bust.income.byYear[1]!.p50).toBeCloseTo(39_000, 6);
    expect(bust.income.byYear[2]!.p50).toBeCloseTo(38_025, 6);
    // 0.975^k falls below 75% of the first year after 12 cuts: a failure for this strategy.
    expect(bust.successProbability).toBe(0);
    expect(bust.income.yearsBelowFloor.p50).toBeGreaterThan(0);
  });
});
