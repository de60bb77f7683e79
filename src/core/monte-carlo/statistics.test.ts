import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialStandardError,
  quantileOfSorted,
  percentilesInPlace,
  percentilesOfSorted,
  quantilesInPlace,
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

  it('gives the hand-computed type-7 percentiles of a small sample', () => {
    // Sorted: −3, 0, 1, 2, 5, 5, 7, 9, 12, 20. Level q sits at position 9q between order
    // statistics (Hyndman and Fan 1996, type 7): p5 at 0.45 → −3 + 3·0.45; p10 at 0.9 → −3 + 3·0.9;
    // p25 at 2.25 → 1 + 1·0.25; p50 at 4.5 → 5; p75 at 6.75 → 7 + 2·0.75; p90 at 8.1 →
    // 12 + 8·0.1; p95 at 8.55 → 12 + 8·0.55.
    const expected = { p5: -1.65, p10: -0.3, p25: 1.25, p50: 5, p75: 8.5, p90: 12.8, p95: 16.4 };
    const result = percentilesInPlace(Float64Array.from([7, -3, 12, 0, 5, 5, 20, 1, 9, 2]));
    for (const [key, value] of Object.entries(expected)) {
      expect(result[key as keyof typeof expected], key).toBeCloseTo(value, 12);
    }
    const [p10, p50, p90] = quantilesInPlace(
      Float64Array.from([7, -3, 12, 0, 5, 5, 20, 1, 9, 2]),
      [0.1, 0.5, 0.9],
    );
    expect([p10, p50, p90]).toEqual([result.p10, result.p50, result.p90]);
  });

  it('selects like a full sort on large samples with long runs of equal values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (integers, levels) => {
          // Few distinct values (as in wealth columns with many depleted paths at zero).
          const values = integers.map((value) => value * 1000);
          const sorted = Float64Array.from(values).sort();
          const selected = quantilesInPlace(Float64Array.from(values), levels);
          levels.forEach((level, index) => {
            expect(selected[index]).toBe(quantileOfSorted(sorted, level));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('selects like a full sort on sorted, reversed and constant inputs', () => {
    const count = 5000;
    const ascending = Float64Array.from({ length: count }, (_, index) => index * 0.5);
    const inputs = [ascending, ascending.slice().reverse(), new Float64Array(count).fill(250_000)];
    for (const input of inputs) {
      const sorted = Float64Array.from(input).sort();
      expect(percentilesInPlace(Float64Array.from(input))).toEqual(percentilesOfSorted(sorted));
    }
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
    // The paths' own order is left alone (worst start years read it afterwards).
    expect([...values]).toEqual([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
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
