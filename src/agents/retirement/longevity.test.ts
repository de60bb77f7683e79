import { describe, expect, it } from 'vitest';
import type { PeriodLifeTable } from '../../core/index.ts';
import { engineFacts, unmatchedFigures } from './engine-facts.ts';
import { writeRetirementNarrative } from './offline-writer.ts';
import { projectRetirement } from './projection.ts';
import { planFromSnapshot } from './retirement-plan.ts';
import { narrativeMarkdown, toRetirementPayload } from './to-payload.ts';
import { testSnapshot } from './test-snapshot.ts';

// A made-up table for the arithmetic: nobody dies before 90, everybody at 90. Alive at 90 with
// probability 1 and at 91 with 0, so the table's 10% age is 90; and since nobody dies within
// the plan, the chance of running out while alive equals the failure rate.
const ages = Array.from({ length: 120 }, (_, age) => (age < 90 ? 0 : 1));
const lifeTable: PeriodLifeTable = {
  periodYear: 2023,
  trusteesReportYear: 2026,
  source: 'test',
  maleQx: ages,
  femaleQx: ages,
};

describe('the Retirement agent and the life table', () => {
  it("plans to the table's 10% age from the profile's age, as alex simulate does", () => {
    const plan = planFromSnapshot(testSnapshot({ sex: 'female' }), { lifeTable });
    expect(plan.simulation.retirementYears).toBe(90 - 65);
    expect(plan.endAge).toBe(90);
    expect(plan.simulation.longevity).toMatchObject({ sex: 'female', horizonRule: 'life-table' });
  });

  it('keeps a given number of retirement years, and 30 without a profile age', () => {
    const given = planFromSnapshot(testSnapshot(), { lifeTable, retirementYears: 20 });
    expect(given.simulation.retirementYears).toBe(20);
    expect(given.simulation.longevity?.horizonRule).toBe('retirement-years');
    // Retirement at 95 is past the table's 10% age (90): the fixed 30 years, said as such.
    const late = planFromSnapshot(testSnapshot({ currentAge: 70, yearsUntilRetirement: 25 }), {
      lifeTable,
    });
    expect(late.simulation.retirementYears).toBe(30);
    expect(late.simulation.longevity?.horizonRule).toBe('retirement-years');
    const noAge = planFromSnapshot(testSnapshot({ currentAge: null }), { lifeTable });
    expect(noAge.simulation.retirementYears).toBe(30);
    expect(noAge.simulation.longevity).toBeUndefined();
  });

  it('puts the chance of ruin while alive in the payload and the fact-checked narrative', () => {
    const projection = projectRetirement(
      planFromSnapshot(testSnapshot(), { lifeTable, simulations: 2000 }),
      2026,
    );
    const narrative = writeRetirementNarrative(projection);
    const text = narrativeMarkdown(narrative);
    const payload = toRetirementPayload(projection, text, 'offline', new Date('2026-03-01'));
    const longevity = payload.results['longevity'] as {
      plan_to_age: number;
      ruin_while_alive_probability: number;
      survival_to_plan_end: number;
    };
    expect(longevity.plan_to_age).toBe(90);
    expect(longevity.survival_to_plan_end).toBe(100);
    expect(longevity.ruin_while_alive_probability).toBeCloseTo(
      100 - payload.results.success_probability,
      1,
    );
    expect(text).toContain('The plan runs to age 90, the oldest age reached with 10% probability');
    expect(text).toContain('the chance of running out of money is');
    expect(text).toContain('Longevity leaves out:');
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });
});
