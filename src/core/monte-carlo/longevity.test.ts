import { describe, expect, it } from 'vitest';
import { survivorsFor, type PeriodLifeTable } from './life-table.ts';
import { defaultPlanToAge, longevityBasis, ruinWhileAlive, survivalAfter } from './longevity.ts';
import { longevityLines } from './longevity-output.ts';
import { simulateRetirement } from './simulate.ts';
import { planOptions } from './test-options.ts';
import type { LongevityBasis } from './types.ts';

/** A made-up table for the arithmetic: q(x) given by a rule, ages 0 to 119. */
function tableWith(maleQx: (age: number) => number, femaleQx = maleQx): PeriodLifeTable {
  const ages = Array.from({ length: 120 }, (_, age) => age);
  return {
    periodYear: 0,
    trusteesReportYear: 0,
    source: 'test',
    maleQx: ages.map(maleQx),
    femaleQx: ages.map(femaleQx),
  };
}

describe('ruin while alive, weighted by survival', () => {
  // Alive today (1), in one year 0.9, two 0.8, three 0.5, four 0.2.
  const survival = [1, 0.9, 0.8, 0.5, 0.2];

  it('counts a path that runs out in year t with weight P(alive at t)', () => {
    // Three paths: never runs out, first short in retirement year 1, first short in year 3.
    // Paid at the start of the year: (0 + 0.9 + 0.5) / 3.
    const { probability, standardError } = ruinWhileAlive([-1, 1, 3], survival, 0, 'start');
    expect(probability).toBeCloseTo(1.4 / 3, 12);
    // Sample standard deviation of (0, 0.9, 0.5) over √3.
    const mean = 1.4 / 3;
    const variance = ((0 - mean) ** 2 + (0.9 - mean) ** 2 + (0.5 - mean) ** 2) / 2;
    expect(standardError).toBeCloseTo(Math.sqrt(variance / 3), 12);
  });

  it("reads the payment's day: a year later when paid at year end or after saving years", () => {
    // Paid at the end of the year: years 2 and 4 from today, (0 + 0.8 + 0.2) / 3.
    expect(ruinWhileAlive([-1, 1, 3], survival, 0, 'end').probability).toBeCloseTo(1 / 3, 12);
    // One year of saving first, paid at the start: also years 2 and 4.
    expect(ruinWhileAlive([-1, 1, 3], survival, 1, 'start').probability).toBeCloseTo(1 / 3, 12);
    // Past the table: nobody is alive there.
    expect(ruinWhileAlive([9], survival, 0, 'start').probability).toBe(0);
  });

  it('equals the fixed-horizon failure rate when nobody dies before the horizon ends', () => {
    // q = 0 up to 100, so a person of 65 is alive through a 35-year plan.
    const table = tableWith((age) => (age < 100 ? 0 : 0.5));
    const longevity = longevityBasis(
      table,
      { currentAge: 65, sex: null, spouseInPlan: false },
      'retirement-years',
    );
    const result = simulateRetirement(
      planOptions({
        currentAgeYears: 65,
        retirementYears: 35,
        spending: { kind: 'rate', withdrawalRate: 0.055 },
        longevity,
      }),
    );
    expect(result.successProbability).toBeGreaterThan(0.05);
    expect(result.successProbability).toBeLessThan(0.95);
    expect(result.longevity?.ruinWhileAlive).toBeCloseTo(1 - result.successProbability, 12);
    expect(result.longevity?.survivalToPlanEnd).toBe(1);
    expect(result.longevity?.planToAge).toBe(100);
  });

  it('is lower than the failure rate when people die during the plan', () => {
    const table = tableWith((age) => (age < 65 ? 0 : 0.05));
    const longevity = longevityBasis(
      table,
      { currentAge: 65, sex: 'male', spouseInPlan: false },
      'retirement-years',
    );
    const result = simulateRetirement(
      planOptions({
        currentAgeYears: 65,
        retirementYears: 35,
        spending: { kind: 'rate', withdrawalRate: 0.055 },
        longevity,
      }),
    );
    const ruin = result.longevity?.ruinWhileAlive ?? 1;
    expect(ruin).toBeLessThan(1 - result.successProbability);
    // No path runs out before year 1, so no weight exceeds 0.95.
    expect(ruin).toBeLessThanOrEqual(0.95 * (1 - result.successProbability));
    expect(result.longevity?.survivalToPlanEnd).toBeCloseTo(0.95 ** 35, 12);
  });
});

describe('the horizon from the table', () => {
  it('plans to the oldest age still reached with probability at least 10%', () => {
    // q = 0.5 from 60: alive at 61 with 0.5, 62 0.25, 63 0.125, 64 0.0625.
    const basis = longevityBasis(
      tableWith((age) => (age < 60 ? 0 : 0.5)),
      { currentAge: 60, sex: 'female', spouseInPlan: false },
      'life-table',
    );
    expect(defaultPlanToAge(basis)).toBe(63);
    expect(survivalAfter(basis, 3)).toBe(0.125);
  });

  it('treats 10% itself as reached', () => {
    const basis: Pick<LongevityBasis, 'survival' | 'currentAge'> = {
      currentAge: 70,
      survival: [1, 0.5, 0.1, 0.09],
    };
    expect(defaultPlanToAge(basis)).toBe(72);
  });

  it('blends the survivor curves, not the death probabilities, when sex is not given', () => {
    // Men die at 0.5 a year from 80, women at 0.1: at 82, l is 25,000 and 81,000 of 100,000.
    const table = tableWith(
      (age) => (age < 80 ? 0 : 0.5),
      (age) => (age < 80 ? 0 : 0.1),
    );
    const blended = survivorsFor(table, null);
    expect(blended[82]).toBeCloseTo((25_000 + 81_000) / 2, 9);
    // Averaging q instead (0.3 a year) would give 49,000.
    expect(blended[82]).not.toBeCloseTo(100_000 * 0.7 ** 2, 0);
  });
});

describe('the longevity view in words', () => {
  it('prints the horizon, the chance of being alive then, and the chance of ruin while alive', () => {
    const table = tableWith((age) => (age < 65 ? 0 : 0.05));
    const longevity = longevityBasis(
      table,
      { currentAge: 65, sex: null, spouseInPlan: true },
      'retirement-years',
    );
    const result = simulateRetirement(
      planOptions({ currentAgeYears: 65, retirementYears: 35, longevity }),
    );
    const [horizon, ruin, limits] = longevityLines(result.longevity);
    expect(horizon).toContain('plan to age 100 (from --retirement-years)');
    expect(horizon).toContain(`${(0.95 ** 35 * 100).toFixed(1)}% chance of being alive then`);
    expect(ruin).toMatch(/^Chance of running out of money while alive \(to age 100\): \d+\.\d% ± /);
    expect(limits).toContain("only the user's own lifetime");
    expect(limits).toContain("A spouse's income is in the plan, but not the spouse's lifetime.");
  });
});
