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

  it('constant percentage never runs out', () => {
    expect(constantPercent.successProbability).toBe(1);
    expect(constantPercent.depletionHistogram).toEqual([]);
  });

  it('Guyton-Klinger guardrails cut spending in bad markets and so fail less often than constant dollars', () => {
    expect(constantDollar.successProbability).toBeLessThan(0.9);
    expect(guardrails.successProbability).toBeGreaterThan(constantDollar.successProbability);
  });

  it('quotes sustainable spending on the constant-dollar basis whatever the strategy', () => {
    expect(guardrails.sustainable).toEqual(constantDollar.sustainable);
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
