import { describe, expect, it } from 'vitest';
import { planOptions } from './test-options.ts';
import { vpwPercentage, vpwRealReturn } from './withdrawal-strategies.ts';

describe('VPW percentages', () => {
  it('reproduce the Bogleheads VPW table for 60/40 (5.0% at 35 years left, 5.1% at 34, 21.5% at 5)', () => {
    const rate = vpwRealReturn(planOptions({ allocation: { equity: 0.6, fixed_income: 0.4 } }));
    expect(rate).toBeCloseTo(0.6 * 0.05 + 0.4 * 0.019, 12);
    expect(Math.round(vpwPercentage(rate, 35) * 1000) / 10).toBe(5.0);
    expect(Math.round(vpwPercentage(rate, 34) * 1000) / 10).toBe(5.1);
    expect(Math.round(vpwPercentage(rate, 5) * 1000) / 10).toBe(21.5);
  });

  it('spend everything in the last year and 1/n at a zero return', () => {
    expect(vpwPercentage(0.04, 1)).toBe(1);
    expect(vpwPercentage(0, 4)).toBe(0.25);
  });
});
