import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdingValueCents, percentagesOf, splitByLargestRemainder, usdToCents } from './money.ts';

describe('money', () => {
  it('rounds half away from zero at the cent, ignoring binary noise', () => {
    expect(usdToCents(1.005)).toBe(101);
    expect(usdToCents(-1.005)).toBe(-101);
    expect(usdToCents(0.1 + 0.2)).toBe(30);
    expect(holdingValueCents(3, 19.99)).toBe(5997);
    expect(holdingValueCents(12.5, 231.47)).toBe(289338);
  });

  it('splits a total into parts that add back exactly', () => {
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = splitByLargestRemainder(total, weights);
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
          const expected = weightSum > 0 ? total : 0;
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(expected);
        },
      ),
    );
  });

  it('gives percentages that sum to exactly 100', () => {
    expect(percentagesOf([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
    expect(percentagesOf([0, 0])).toEqual([0, 0]);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 20 }),
        (values) => {
          const total = percentagesOf(values).reduce((sum, pct) => sum + Math.round(pct * 100), 0);
          expect(total).toBe(10_000);
        },
      ),
    );
  });
});
