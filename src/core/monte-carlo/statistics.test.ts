import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentilesInPlace, percentilesOfSorted, valueMetByShare } from './statistics.ts';

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
