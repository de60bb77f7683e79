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

function offlineContext() {
  return {
    model: { kind: 'offline' as const },
    budget: createAttemptBudget(1),
    llmTimeoutMs: 1000,
    logger: silentLogger(),
    now: () => new Date('2026-03-01T00:00:00Z'),
  };
}

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
      /; in the profile, set plan_to_age to the age to plan to \(after 95, at most 120\), lower years_until_retirement, or correct birth_year$/,
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

  it("plans to the profile's plan_to_age, says so, and lets a length given for the run win", async () => {
    // Retirement at 95 (70 now plus 25 years) is past the table's 10% age, 90: refused above,
    // but planned once the profile says to plan to 100.
    const late = testSnapshot({ currentAge: 70, yearsUntilRetirement: 25, planToAge: 100 });
    expect(retirementHorizonIssue(late, { lifeTable })).toBeNull();
    const result = await retirement.run(
      { snapshot: late, options: { lifeTable, simulations: 500 } },
      offlineContext(),
    );
    const payload = result.output;
    expect(result.model).toBe('offline');
    expect(payload.results['longevity']).toMatchObject({
      plan_to_age: 100,
      horizon_rule: 'plan-to-age',
    });
    expect(payload.assumptions).toMatchObject({
      retirement_years: 5,
      end_age: 100,
      horizon_source: "the profile's plan_to_age",
    });
    expect(payload.analysis).toContain(
      'The plan runs to age 100, the age set in your profile (plan_to_age);',
    );
    expect(payload.analysis).not.toContain('the oldest age reached with 10% probability');
    // A model is told the same, beside the age it may quote.
    const facts = engineFacts(
      projectRetirement(planFromSnapshot(late, { lifeTable, simulations: 200 }), 2026),
    );
    expect(facts.find((fact) => fact.label.startsWith('age the plan runs to'))).toEqual({
      label: "age the plan runs to (the age set in the user's profile, plan_to_age)",
      value: 100,
      unit: 'age',
    });

    // Without plan_to_age the same source is named as the default.
    const byTable = planFromSnapshot(testSnapshot(), { lifeTable });
    expect(byTable.horizonSource).toBe('life-table');
    const text = narrativeMarkdown(writeRetirementNarrative(projectRetirement(byTable, 2026)));
    expect(text).toContain('the default, as your profile sets no plan_to_age');

    // A length given for one run wins over the profile's age (as --retirement-years would).
    const given = planFromSnapshot(testSnapshot({ planToAge: 100 }), {
      lifeTable,
      retirementYears: 20,
    });
    expect(given.simulation.retirementYears).toBe(20);
    expect(given.horizonSource).toBe('run-retirement-years');
    expect(given.simulation.longevity?.horizonRule).toBe('retirement-years');
  });

  it('refuses a plan_to_age that leaves no retirement, naming it and what to change', () => {
    const early = retirementHorizonIssue(testSnapshot({ planToAge: 60 }), { lifeTable });
    expect(early).toEqual({
      field: 'plan_to_age',
      rule:
        '60 is not after retirement at 65 (age 40 plus 25 years until retirement), so there are ' +
        'no retirement years to project; raise or clear plan_to_age, or lower ' +
        'years_until_retirement, in the profile',
    });
    const noAge = retirementHorizonIssue(testSnapshot({ currentAge: null, planToAge: 95 }), {
      lifeTable,
    });
    expect(noAge?.field).toBe('plan_to_age');
    expect(noAge?.rule).toContain('the profile has no birth_year');
    const tooLong = retirementHorizonIssue(
      testSnapshot({ currentAge: 10, yearsUntilRetirement: 5, planToAge: 120 }),
      { lifeTable },
    );
    expect(tooLong).toEqual({
      field: 'plan_to_age',
      rule:
        'gives 105 years of retirement, more than the 100 the projection covers; lower ' +
        'plan_to_age in the profile',
    });
    expect(() => planFromSnapshot(testSnapshot({ planToAge: 60 }), { lifeTable })).toThrow(
      /plan_to_age: 60 is not after retirement at 65/,
    );
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
