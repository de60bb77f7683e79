import { describe, expect, it } from 'vitest';
import { allocationSumProblems, allocationTotalPct, sumsToHundred } from './allocation-sums.ts';

describe('allocationTotalPct', () => {
  it('adds the percentages, an empty map as 0', () => {
    expect(allocationTotalPct({ equity: 60, fixed_income: 39.5 })).toBeCloseTo(99.5, 10);
    expect(allocationTotalPct({})).toBe(0);
  });
});

describe('sumsToHundred', () => {
  it('accepts sums within 0.05 of 100 and refuses the rest', () => {
    expect(sumsToHundred({ technology: 60, healthcare: 39.96 })).toBe(true);
    expect(sumsToHundred({ europe: 50, asia: 50.05 })).toBe(true);
    expect(sumsToHundred({ technology: 60, healthcare: 39.9 })).toBe(false);
    expect(sumsToHundred({ europe: 50, asia: 50.06 })).toBe(false);
    expect(sumsToHundred({})).toBe(false);
  });
});

describe('allocationSumProblems', () => {
  it('accepts sums within 0.05 of 100 and names each group that is off', () => {
    expect(
      allocationSumProblems(
        { assetClass: { equity: 99.96 }, regions: { europe: 50, asia: 50.05 }, sectors: {} },
        'ACME',
      ),
    ).toEqual(['ACME: sectors percentages sum to 0, not 100 (± 0.05)']);
    expect(allocationSumProblems({ regions: { europe: 50, asia: 50.06 } }, 'ACME')).toEqual([
      'ACME: regions percentages sum to 100.06, not 100 (± 0.05)',
    ]);
  });

  it('lists the groups in the order given and is empty when all add up', () => {
    expect(
      allocationSumProblems({ regions: { europe: 90 }, sectors: { technology: 80 } }, 'GROW'),
    ).toEqual([
      'GROW: regions percentages sum to 90, not 100 (± 0.05)',
      'GROW: sectors percentages sum to 80, not 100 (± 0.05)',
    ]);
    expect(allocationSumProblems({ assetClass: { equity: 100 } }, 'VTI')).toEqual([]);
  });
});
