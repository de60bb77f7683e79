import { describe, expect, it } from 'vitest';
import { DEFAULT_RETIREMENT_YEARS, planHorizon, type HorizonRequest } from './horizon.ts';
import type { PeriodLifeTable } from './life-table.ts';

// A made-up table for the arithmetic: nobody dies before 90, everybody at 90, so from any age
// below 90 the table's 10% age is 90.
const ages = Array.from({ length: 120 }, (_, age) => (age < 90 ? 0 : 1));
const table: PeriodLifeTable = {
  periodYear: 2023,
  trusteesReportYear: 2026,
  source: 'test',
  maleQx: ages,
  femaleQx: ages,
};

const request = (overrides: Partial<HorizonRequest>): HorizonRequest => ({
  currentAge: 60,
  yearsToRetirement: 5,
  retirementYears: null,
  planToAge: null,
  sex: null,
  spouseInPlan: false,
  ...overrides,
});

describe('the planning horizon', () => {
  it("plans to the table's 10% age, and refuses retirement at or past it instead of a fixed length", () => {
    expect(planHorizon(request({ yearsToRetirement: 29 }), () => table)).toMatchObject({
      ok: true,
      horizon: { retirementYears: 1, longevity: { horizonRule: 'life-table' } },
    });
    for (const yearsToRetirement of [30, 40]) {
      expect(planHorizon(request({ yearsToRetirement }), () => table)).toEqual({
        ok: false,
        problem: {
          kind: 'retirement-not-before-table-age',
          retirementAge: 60 + yearsToRetirement,
          tableAge: 90,
          survivalPct: 10,
        },
      });
    }
  });

  it('keeps a length that was asked for, and uses the fixed length only without an age', () => {
    const asked = planHorizon(request({ yearsToRetirement: 40, retirementYears: 20 }), () => table);
    expect(asked).toMatchObject({
      ok: true,
      horizon: { retirementYears: 20, longevity: { horizonRule: 'retirement-years' } },
    });
    const noAge = planHorizon(request({ currentAge: null }), () => {
      throw new Error('the table is not read without an age');
    });
    expect(noAge).toEqual({
      ok: true,
      horizon: { retirementYears: DEFAULT_RETIREMENT_YEARS, longevity: null },
    });
  });

  it('names the problem of a plan-to age, two horizons, or an age the table does not reach', () => {
    expect(planHorizon(request({ planToAge: 65 }), () => table)).toEqual({
      ok: false,
      problem: { kind: 'plan-end-not-after-retirement', retirementAge: 65, planToAge: 65 },
    });
    expect(planHorizon(request({ planToAge: 90, retirementYears: 25 }), () => table)).toEqual({
      ok: false,
      problem: { kind: 'two-horizons' },
    });
    expect(planHorizon(request({ currentAge: 120 }), () => table)).toEqual({
      ok: false,
      problem: { kind: 'age-past-table', currentAge: 120, lastTableAge: 119 },
    });
    expect(planHorizon(request({ currentAge: null, sex: 'female' }), () => table)).toEqual({
      ok: false,
      problem: { kind: 'needs-age', input: 'sex' },
    });
  });
});
