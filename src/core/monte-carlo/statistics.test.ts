import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialStandardError,
  percentilesInPlace,
  percentilesOfSorted,
  valueMetByShare,
  wilsonInterval,
} from './statistics.ts';

describe('percentiles', () => {
  it('selection gives the same percentiles as a full sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const sorted = Float64Array.from(values).sort();
          expect(percentilesInPlace(Float64Array.from(values))).toEqual(
            percentilesOfSorted(sorted),
          );
        },
      ),
    );
  });

  it('interpolates between order statistics', () => {
    const values = Float64Array.from([40, 10, 30, 20, 50]);
    const result = percentilesInPlace(values);
    expect(result.p50).toBe(30);
    expect(result.p25).toBe(20);
    expect(result.p10).toBeCloseTo(14, 12);
    expect(result.p95).toBeCloseTo(48, 12);
  });

  it('finds the largest value met by a share of the values', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
    expect(valueMetByShare(values, 1)).toBe(1);
    expect(valueMetByShare(values, 0.9)).toBe(2);
    expect(valueMetByShare(values, 0.85)).toBe(2);
    expect(valueMetByShare(values, 0.1)).toBe(10);
  });
});

describe('uncertainty of a success rate', () => {
  it('has the binomial standard error: 80.5% of 10,000 paths is ± 0.4 points', () => {
    expect(binomialStandardError(0.805, 10_000)).toBeCloseTo(Math.sqrt(0.805 * 0.195) / 100, 15);
    expect(binomialStandardError(0.805, 10_000) * 100).toBeCloseTo(0.396, 3);
  });

  it('gives the Wilson score interval, which stays open at 100%', () => {
    // Wilson (1927); 8 of 10: 0.490 to 0.943 (Newcombe 1998, method 3).
    const eight = wilsonInterval(0.8, 10);
    expect(eight.low).toBeCloseTo(0.4902, 4);
    expect(eight.high).toBeCloseTo(0.9433, 4);
    const all = wilsonInterval(1, 10_000);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(1 - 3.84 / 10_003.84, 4);
  });
});
