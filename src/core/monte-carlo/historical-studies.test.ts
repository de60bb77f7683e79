// Historical runs against published safe-withdrawal studies. The shipped data (Damodaran,
// NYU Stern, 1928-2025) differs from theirs: Bengen (1994) used SBBI intermediate-term
// government bonds from 1926, the Trinity study (Cooley, Hubbard and Walz 1998) long-term
// high-grade corporate bonds and monthly withdrawals; here fixed income is the 10-year Treasury
// and withdrawals are annual. Tolerances allow for that, not for a different method.
import { describe, expect, it } from 'vitest';
import { loadAnnualReturns } from '../../store/reference/annual-returns.ts';
import { simulateRetirement } from './simulate.ts';
import { planOptions } from './test-options.ts';

const allYears = loadAnnualReturns();
const historical = (overrides: Parameters<typeof planOptions>[0]) =>
  simulateRetirement(
    planOptions({
      model: 'historical',
      historicalReturns: allYears,
      allocation: { equity: 0.5, fixed_income: 0.5 },
      ...overrides,
    }),
  );

describe("Bengen (1994): SAFEMAX of a 50/50 portfolio over 30 years, Bengen's timing", () => {
  const result = historical({ targetSuccess: 1, withdrawalTiming: 'bengen' });

  it("is 3.99% on this data with Bengen's convention (paid at each year's end, raised by last year's CPI)", () => {
    expect(result.sustainable.withdrawalRate).toBeCloseTo(0.03987, 4);
    expect(result.worstStartYears?.[0]?.retirementStartYear).toBe(1966);
  });

  it('is lower when the same withdrawal is paid at the start of the year, or at the end in full', () => {
    const start = historical({ targetSuccess: 1 });
    const end = historical({ targetSuccess: 1, withdrawalTiming: 'end' });
    expect(start.sustainable.withdrawalRate).toBeCloseTo(0.03667, 4);
    expect(end.sustainable.withdrawalRate).toBeCloseTo(0.0376, 4);
  });
});

describe('the SAFEMAX of a 50/50 portfolio over 30 years, withdrawals at the start of each year', () => {
  const result = historical({ targetSuccess: 1 });

  it('uses every rolling 30-year start year, 1928 to 1996', () => {
    expect(result.paths).toBe(69);
    expect(result.startYears?.[0]).toBe(1928);
    expect(result.startYears?.at(-1)).toBe(1996);
  });

  it("is close to 4% (3.67% on this data, whose 10-year bonds fared worse in 1966-81 than Bengen's intermediate-term bonds)", () => {
    expect(result.sustainable.withdrawalRate).toBeGreaterThan(0.035);
    expect(result.sustainable.withdrawalRate).toBeLessThan(0.043);
    expect(result.sustainable.withdrawalRate).toBeCloseTo(0.03667, 4);
  });

  it('labels the worst periods by the year retirement starts, not the year saving starts', () => {
    const saving = historical({ targetSuccess: 1, yearsToRetirement: 10 });
    const worst = saving.worstStartYears?.[0];
    expect(worst?.retirementStartYear).toBe((worst?.pathStartYear ?? 0) + 10);
    expect(worst?.retirementStartYear).toBeGreaterThanOrEqual(1965);
    expect(worst?.retirementStartYear).toBeLessThanOrEqual(1969);
  });

  it('is set by a retirement starting in the mid-1960s, as in Bengen', () => {
    expect(result.worstStartYears?.[0]?.retirementStartYear).toBeGreaterThanOrEqual(1965);
    expect(result.worstStartYears?.[0]?.retirementStartYear).toBeLessThanOrEqual(1969);
  });

  it('succeeds in every period at the SAFEMAX and fails in some just above it', () => {
    const rate = result.sustainable.withdrawalRate;
    expect(
      historical({ spending: { kind: 'rate', withdrawalRate: rate } }).successProbability,
    ).toBe(1);
    expect(
      historical({ spending: { kind: 'rate', withdrawalRate: rate + 0.001 } }).successProbability,
    ).toBeLessThan(1);
  });
});

describe('Trinity study (Cooley, Hubbard and Walz 1998): 50/50, 30 years, periods ending by 1995', () => {
  const throughTrinity = allYears.filter((row) => row.year <= 1995);
  // Table 3 of the 1998 paper (inflation-adjusted withdrawals, 1926-1995, 41 overlapping
  // 30-year periods): 50% stocks / 50% bonds at 4% succeeded in 95% of periods (the figure
  // quoted from it by Wade Pfau, "Trinity Study, Retirement Withdrawal Rates and the Chance for
  // Success", wpfau.blogspot.com, October 2010). The 5% and 6% rows this test
  // used to quote (67% and 33%) could not be traced to the 1998 table and are left out rather
  // than guessed; the Bengen tests above pin the method down.
  const published = [{ rate: 0.04, successPct: 95 }];
  // 39 start years (1928-1966): one period is 2.6 points; allow three.
  const tolerancePct = 8;

  for (const { rate, successPct } of published) {
    it(`${rate * 100}% withdrawals succeed about ${successPct}% of the time`, () => {
      const result = historical({
        historicalReturns: throughTrinity,
        spending: { kind: 'rate', withdrawalRate: rate },
      });
      expect(result.paths).toBe(39);
      expect(Math.abs(result.successProbability * 100 - successPct)).toBeLessThanOrEqual(
        tolerancePct,
      );
    });
  }
});
