import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLevers } from './levers.ts';
import { simulateRetirement } from './simulate.ts';
import { planOptions } from './test-options.ts';

// Same seed, same model: the paths are identical (common random numbers), so these
// comparisons hold path by path, not just on average.
const plan = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  balanceUsd: fc.integer({ min: 10_000, max: 2_000_000 }),
  spendingUsd: fc.integer({ min: 5_000, max: 150_000 }),
  yearsToRetirement: fc.integer({ min: 0, max: 15 }),
  model: fc.constantFrom('lognormal' as const, 'normal' as const),
});

const run = (
  input: {
    seed: number;
    balanceUsd: number;
    spendingUsd: number;
    yearsToRetirement: number;
    model: 'lognormal' | 'normal';
  },
  extra: Parameters<typeof planOptions>[0] = {},
) =>
  simulateRetirement(
    planOptions({
      seed: input.seed,
      simulations: 300,
      model: input.model,
      balanceUsd: input.balanceUsd,
      yearsToRetirement: input.yearsToRetirement,
      annualContributionUsd: 5_000,
      inflationRate: 0.025,
      spending: { kind: 'amount', annualUsd: input.spendingUsd },
      ...extra,
    }),
  );

describe('monotonicity on the same seed', () => {
  it('more savings never lowers success', () => {
    fc.assert(
      fc.property(plan, fc.integer({ min: 1, max: 500_000 }), (input, extra) => {
        const base = run(input);
        const richer = run({ ...input, balanceUsd: input.balanceUsd + extra });
        const saver = run(input, { annualContributionUsd: 5_000 + extra / 10 });
        expect(richer.successProbability).toBeGreaterThanOrEqual(base.successProbability);
        expect(saver.successProbability).toBeGreaterThanOrEqual(base.successProbability);
      }),
      { numRuns: 25 },
    );
  });

  it('more spending never raises success, and sustainable spending is where success crosses the target', () => {
    fc.assert(
      fc.property(plan, (input) => {
        const base = run(input);
        const lavish = run({ ...input, spendingUsd: input.spendingUsd * 1.2 });
        expect(lavish.successProbability).toBeLessThanOrEqual(base.successProbability);
        const atSustainable = run({
          ...input,
          spendingUsd: base.sustainable.spendingUsd * 0.999999,
        });
        expect(atSustainable.successProbability).toBeGreaterThanOrEqual(0.9);
      }),
      { numRuns: 25 },
    );
  });

  it('the same seed gives the same result', () => {
    const input = {
      seed: 3,
      balanceUsd: 500_000,
      spendingUsd: 30_000,
      yearsToRetirement: 5,
      model: 'lognormal' as const,
    };
    expect(run(input)).toEqual(run(input));
    expect(run({ ...input, seed: 4 }).series).not.toEqual(run(input).series);
  });
});

describe('levers', () => {
  it('spending less, saving more and retiring later never lower success', () => {
    const options = planOptions({
      seed: 5,
      simulations: 1000,
      yearsToRetirement: 10,
      annualContributionUsd: 10_000,
      balanceUsd: 400_000,
      spending: { kind: 'amount', annualUsd: 40_000 },
      inflationRate: 0.025,
    });
    const baseline = simulateRetirement(options).successProbability;
    const levers = computeLevers(options, baseline);
    expect(levers.map((lever) => lever.lever)).toEqual([
      'save_more',
      'retire_later',
      'spend_less',
      'more_conservative',
      'more_aggressive',
    ]);
    for (const lever of levers.filter((entry) =>
      ['save_more', 'retire_later', 'spend_less'].includes(entry.lever),
    )) {
      expect(lever.successChange).toBeGreaterThanOrEqual(0);
      expect(lever.successProbability).toBeCloseTo(baseline + lever.successChange, 12);
    }
    expect(levers.find((lever) => lever.lever === 'more_conservative')?.change).toBe(
      'move 20 percentage points from equity to fixed income',
    );
  });
});

describe('every timing and strategy on the parametric models', () => {
  it('gives finite figures wherever the withdrawal side reads inflation (Bengen timing included)', () => {
    for (const withdrawalTiming of ['start', 'end', 'bengen'] as const) {
      for (const strategy of ['constant-dollar', 'guardrails', 'floor-and-ceiling'] as const) {
        for (const model of ['lognormal', 'normal'] as const) {
          const result = simulateRetirement(
            planOptions({
              model,
              withdrawalTiming,
              strategy,
              inflationRate: 0.03,
              simulations: 200,
            }),
          );
          const label = `${model} ${strategy} ${withdrawalTiming}`;
          expect(Number.isFinite(result.percentilesAtEnd.p50), label).toBe(true);
          expect(Number.isFinite(result.income.minimum.p10), label).toBe(true);
          expect(Number.isFinite(result.sustainable.spendingUsd), label).toBe(true);
        }
      }
    }
  });
});
