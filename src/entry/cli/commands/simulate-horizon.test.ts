import { describe, expect, it } from 'vitest';
import { simulationJsonSchema } from '../../../contracts/index.ts';
import { InputError } from '../../../errors.ts';
import { parseFlags, simulationJson } from './simulate.ts';

const run = (flags: Record<string, unknown>) =>
  simulationJsonSchema.parse(
    simulationJson(
      parseFlags({ json: true, simulations: '500', levers: false, balance: '1000000', ...flags }),
    ),
  );

/** The InputError's first issue as "field: rule". */
function refusal(flags: Record<string, unknown>): string {
  try {
    run(flags);
  } catch (error) {
    if (error instanceof InputError) return `${error.issues[0]?.field}: ${error.issues[0]?.rule}`;
    throw error;
  }
  return 'accepted';
}

describe('alex simulate: the horizon from the life table', () => {
  // By hand from data/ssa-period-life-table-2023.csv, l(x) at 60 and later:
  // men 84,544 → l(93) 10,617 (12.6%), l(94) 8,320 (9.8%): plan to 93;
  // women 91,080 → l(96) 9,877 (10.8%), l(97) 7,519 (8.3%): plan to 96;
  // both (the 50/50 blend) 175,624 → l(95) 18,945 (10.8%), l(96) 14,549 (8.3%): plan to 95.
  it.each([
    ['male', 93],
    ['female', 96],
    [undefined, 95],
  ] as const)('at 60, sex %s: plans to %i', (sex, age) => {
    const json = run({
      currentAge: '60',
      yearsToRetirement: '5',
      spending: '40000',
      ...(sex ? { sex } : {}),
    });
    expect(json.longevity?.plan_to_age).toBe(age);
    expect(json.longevity?.horizon_rule).toBe('life-table');
    expect(json.assumptions.retirement_years).toBe(age - 65);
    expect(json.longevity?.sex).toBe(sex ?? null);
    expect(json.longevity?.survival_to_plan_end).toBeGreaterThanOrEqual(10);
  });

  it('reports the chance of ruin while alive beside the fixed-horizon success, never above its failure', () => {
    const json = run({ currentAge: '65', spending: '60000', sex: 'female' });
    const longevity = json.longevity!;
    expect(longevity.ruin_while_alive_probability).toBeGreaterThan(0);
    expect(longevity.ruin_while_alive_probability).toBeLessThan(100 - json.success_probability);
    expect(longevity.ruin_while_alive_standard_error).toBeGreaterThan(0);
    expect(longevity.not_modelled.join(' ')).toMatch(/period table/);
    expect(longevity.table).toBe('SSA period life table 2023 (2026 Trustees Report)');
    expect(longevity.source).toContain('https://www.ssa.gov/oact/STATS/table4c6.html');
    expect(longevity.spouse_in_plan).toBe(false);
  });

  it('--plan-to-age sets the horizon; --retirement-years still works and keeps its length', () => {
    const planned = run({ currentAge: '60', yearsToRetirement: '5', planToAge: '90' });
    expect(planned.assumptions.retirement_years).toBe(25);
    expect(planned.longevity?.horizon_rule).toBe('plan-to-age');
    const fixed = run({ currentAge: '60', yearsToRetirement: '5', retirementYears: '20' });
    expect(fixed.assumptions.retirement_years).toBe(20);
    expect(fixed.longevity?.plan_to_age).toBe(85);
    expect(fixed.longevity?.horizon_rule).toBe('retirement-years');
  });

  it('gives no standard error for the overlapping historical windows', () => {
    const json = run({ currentAge: '60', spending: '40000', model: 'historical' });
    expect(json.longevity?.plan_to_age).toBe(95);
    expect(json.longevity?.ruin_while_alive_standard_error).toBeNull();
  });

  it('without an age: 30 years, as before, and no longevity view', () => {
    const json = run({ spending: '40000' });
    expect(json.assumptions.retirement_years).toBe(30);
    expect(json.longevity).toBeNull();
  });

  it('refuses ambiguous or impossible horizons, naming the flag and the rule', () => {
    expect(refusal({ currentAge: '60', planToAge: '90', retirementYears: '25' })).toMatch(
      /^--plan-to-age: give either --plan-to-age or --retirement-years, not both/,
    );
    expect(refusal({ planToAge: '90' })).toMatch(/^--plan-to-age: needs --current-age/);
    expect(refusal({ currentAge: '60', yearsToRetirement: '5', planToAge: '65' })).toMatch(
      /^--plan-to-age: must be after the retirement age, 65/,
    );
    expect(refusal({ currentAge: '60', planToAge: '130' })).toMatch(
      /^--plan-to-age: must be at most 120/,
    );
    expect(refusal({ currentAge: '60', sex: 'other' })).toMatch(/^--sex: must be female or male/);
    expect(refusal({ sex: 'female' })).toMatch(/^--sex: needs --current-age/);
    expect(refusal({ currentAge: '30', yearsToRetirement: '80' })).toMatch(
      /^--years-to-retirement: retirement at 110 is not before/,
    );
  });

  it("says only the user's lifetime is modelled when a spouse's income is in the plan", () => {
    const json = run({
      currentAge: '62',
      spending: '50000',
      spouseAge: '60',
      spouseSocialSecurity: '67:1200/month',
    });
    expect(json.longevity?.spouse_in_plan).toBe(true);
  });
});
