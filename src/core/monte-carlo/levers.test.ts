import { describe, expect, it } from 'vitest';
import { computeLevers, DEFAULT_LEVER_SIZES } from './levers.ts';
import { successProbabilityOf } from './simulate.ts';
import { planOptions } from './test-options.ts';

// A lever re-runs the plan on the same seed so that its difference is the change, not luck.
// A sliver of a new asset class barely changes the plan, so on common random numbers its
// success can move by a path or two at most; on fresh draws it would move by the sampling
// noise of two independent runs (about √(2·p(1−p)/N), half a point here). The lognormal cases
// failed before each factor had its own stream; the normal model already drew one number a year.
describe('levers keep common random numbers when they add an asset class', () => {
  const sliver = { ...DEFAULT_LEVER_SIZES, allocationShift: 0.0001 };
  const paths = 20_000;

  for (const model of ['lognormal', 'normal'] as const) {
    it(`${model}: moving 0.01% from equity into fixed income (a class not held before)`, () => {
      const options = planOptions({
        model,
        simulations: paths,
        seed: 5,
        allocation: { equity: 1 },
        spending: { kind: 'rate', withdrawalRate: 0.06 },
      });
      const baseline = successProbabilityOf(options);
      expect(baseline).toBeGreaterThan(0.2);
      expect(baseline).toBeLessThan(0.95);
      const lever = computeLevers(options, baseline, sliver).find(
        (entry) => entry.lever === 'more_conservative',
      );
      expect(Math.abs(lever!.successChange)).toBeLessThanOrEqual(5 / paths);
    });

    it(`${model}: moving 0.01% from fixed income into equity (a class not held before)`, () => {
      const options = planOptions({
        model,
        simulations: paths,
        seed: 6,
        allocation: { fixed_income: 1 },
        spending: { kind: 'rate', withdrawalRate: 0.045 },
      });
      const baseline = successProbabilityOf(options);
      expect(baseline).toBeGreaterThan(0.2);
      expect(baseline).toBeLessThan(0.95);
      const lever = computeLevers(options, baseline, sliver).find(
        (entry) => entry.lever === 'more_aggressive',
      );
      expect(Math.abs(lever!.successChange)).toBeLessThanOrEqual(5 / paths);
    });
  }
});
