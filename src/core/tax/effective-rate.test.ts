// The simple federal bracket model against hand-computed cases (2024 figures, Rev. Proc. 2023-34).
import { describe, expect, it } from 'vitest';
import {
  defaultTaxDeferredRate,
  effectiveFederalRate,
  federalIncomeTaxUsd,
} from './effective-rate.ts';

describe('federal income tax, tax year 2024', () => {
  it('single, $60,000: $45,400 taxable, 10% on $11,600 and 12% on $33,800', () => {
    // 1,160 + 4,056 = 5,216.
    expect(federalIncomeTaxUsd(60_000, 'single')).toBeCloseTo(5_216, 9);
    expect(effectiveFederalRate(60_000, 'single')).toBeCloseTo(5_216 / 60_000, 12);
  });

  it('married filing jointly, $150,000: $120,800 taxable, reaching the 22% bracket', () => {
    // 23,200 × 10% + (94,300 − 23,200) × 12% + (120,800 − 94,300) × 22% = 2,320 + 8,532 + 5,830.
    expect(federalIncomeTaxUsd(150_000, 'married_joint')).toBeCloseTo(16_682, 9);
    expect(effectiveFederalRate(150_000, 'married_joint')).toBeCloseTo(16_682 / 150_000, 12);
  });

  it('an income below the standard deduction pays nothing; no income has rate 0', () => {
    expect(federalIncomeTaxUsd(14_600, 'single')).toBe(0);
    expect(effectiveFederalRate(0, 'single')).toBe(0);
  });

  it('the default rate is the average rate on the first year spending, and says so', () => {
    const { rate, source } = defaultTaxDeferredRate(60_000, 'single');
    expect(rate).toBeCloseTo(5_216 / 60_000, 12);
    expect(source).toContain('Revenue Procedure 2023-34');
    expect(source).toContain('$60,000');
  });
});
