import { describe, expect, it } from 'vitest';
import type { PeriodLifeTable } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { createAttemptBudget } from '../../llm/index.ts';
import { silentLogger } from '../../log.ts';
import { engineFacts, unmatchedFigures } from './engine-facts.ts';
import { retirement, retirementHorizonIssue } from './index.ts';
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
    const noAge = planFromSnapshot(testSnapshot({ currentAge: null }), { lifeTable });
    expect(noAge.simulation.retirementYears).toBe(30);
    expect(noAge.simulation.longevity).toBeUndefined();
  });

  it('refuses, as alex simulate does, a profile retiring at or past the 10% age: no 30-year plan', async () => {
    // Retirement at 95 (70 now plus 25 years) is past the table's 10% age, 90.
    const late = testSnapshot({ currentAge: 70, yearsUntilRetirement: 25 });
    const run = retirement.run(
      { snapshot: late, options: { lifeTable, simulations: 200 } },
      {
        model: { kind: 'offline' },
        budget: createAttemptBudget(1),
        llmTimeoutMs: 1000,
        logger: silentLogger(),
        now: () => new Date('2026-03-01T00:00:00Z'),
      },
    );
    const error = await run.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(InputError);
    const [issue] = (error as InputError).issues;
    expect(issue?.field).toBe('years_until_retirement');
    expect(issue?.rule).toMatch(
      /^retirement at 95 \(age 70 plus 25 years until retirement\) is not before 90, the oldest age reached with 10% probability/,
    );
    expect(issue?.rule).toMatch(
      /lower years_until_retirement, or correct birth_year, in the profile$/,
    );
    // The job asks the same question before routing, and gets the same answer.
    expect(retirementHorizonIssue(late, { lifeTable })).toEqual(issue);
    // Retiring at the 10% age itself leaves no year either; a year before it leaves one.
    expect(
      retirementHorizonIssue(testSnapshot({ currentAge: 70, yearsUntilRetirement: 20 }), {
        lifeTable,
      })?.field,
    ).toBe('years_until_retirement');
    const lastYear = planFromSnapshot(testSnapshot({ currentAge: 70, yearsUntilRetirement: 19 }), {
      lifeTable,
    });
    expect(lastYear.simulation.retirementYears).toBe(1);
    expect(retirementHorizonIssue(testSnapshot(), { lifeTable })).toBeNull();
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
