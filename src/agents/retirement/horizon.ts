import { MAX_PLAN_TO_AGE } from '../../contracts/limits.ts';
import { planHorizon, type HorizonProblem, type PlanHorizon } from '../../core/index.ts';
import type { FieldIssue } from '../../errors.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import {
  retirementProfileSchema,
  type RetirementOptions,
  type RetirementProfile,
} from './schema.ts';

// How long the Retirement agent plans for: core's planHorizon, the rule `alex simulate` and
// POST /api/simulate apply, over the profile: to the profile's plan_to_age when it has one, else
// to the life table's 10% age. A length given for one run (options.retirementYears) wins over the
// profile's age, as `--retirement-years` and `--plan-to-age` would otherwise be two horizons.
// Where the rule refuses (retirement at or past the age planned to), the agent refuses too,
// naming the profile setting to change; it never projects a made-up length instead.

/** The profile's horizon, or the issue (a profile field and the rule) that leaves none. */
export function profileHorizon(
  profile: RetirementProfile,
  options: RetirementOptions,
): { ok: true; horizon: PlanHorizon } | { ok: false; issue: FieldIssue } {
  const { lifeTable } = options;
  // The table is read from a real age only (an assumed one would make survival up). A caller
  // that passes no table (every job and `alex retirement` pass it) has, like a profile
  // without a birth year, no age to read it from, so the fixed length applies.
  const currentAge = lifeTable ? profile.currentAge : null;
  const retirementYears = options.retirementYears ?? null;
  const answer = planHorizon(
    {
      currentAge,
      yearsToRetirement: profile.yearsUntilRetirement,
      retirementYears,
      planToAge: retirementYears === null ? profile.planToAge : null,
      // Stored without a birth year, the sex has no table to pick: not a problem of the profile.
      sex: currentAge === null ? null : profile.sex,
      spouseInPlan: profile.incomeStreams.some((stream) => stream.person === 'spouse'),
    },
    // Read only with an age, and the age is given only with the table.
    () => lifeTable!,
  );
  return answer.ok ? answer : { ok: false, issue: profileIssue(answer.problem, profile) };
}

/**
 * Why the snapshot's profile has no retirement horizon (the agent's refusal); null when it has
 * one. A job asks before routing, so it skips the agent with this reason instead of failing.
 */
export function retirementHorizonIssue(
  snapshot: PortfolioSnapshot,
  options: RetirementOptions = {},
): FieldIssue | null {
  const profile = retirementProfileSchema.safeParse(snapshot.user);
  // A profile the agent cannot read at all is the agent's own error, reported when it runs.
  if (!profile.success) return null;
  const answer = profileHorizon(profile.data, options);
  return answer.ok ? null : answer.issue;
}

/** The problem in the profile's own words: `birth_year`, `years_until_retirement`, `plan_to_age`. */
function profileIssue(problem: HorizonProblem, profile: RetirementProfile): FieldIssue {
  const retirement = (retirementAge: number) =>
    `retirement at ${retirementAge} (age ${profile.currentAge ?? 'unknown'} plus ` +
    `${profile.yearsUntilRetirement} years until retirement)`;
  switch (problem.kind) {
    case 'retirement-not-before-table-age':
      return {
        field: 'years_until_retirement',
        rule:
          `${retirement(problem.retirementAge)} is not before ${problem.tableAge}, ` +
          `the oldest age reached with ${problem.survivalPct}% probability under SSA's period life ` +
          'table, so there are no retirement years to project; in the profile, set plan_to_age ' +
          `to the age to plan to (after ${problem.retirementAge}, at most ${MAX_PLAN_TO_AGE}), ` +
          'lower years_until_retirement, or correct birth_year',
      };
    case 'plan-end-not-after-retirement':
      return {
        field: 'plan_to_age',
        rule:
          `${problem.planToAge} is not after ${retirement(problem.retirementAge)}, so there are ` +
          'no retirement years to project; raise or clear plan_to_age, or lower ' +
          'years_until_retirement, in the profile',
      };
    case 'too-long':
      return {
        field: 'plan_to_age',
        rule:
          `gives ${problem.retirementYears} years of retirement, more than the ${problem.maximum} ` +
          'the projection covers; lower plan_to_age in the profile',
      };
    case 'needs-age':
      if (problem.input !== 'planToAge') break;
      return {
        field: 'plan_to_age',
        rule:
          profile.currentAge === null
            ? `is an age (${profile.planToAge ?? 'unknown'}), and the profile has no birth_year to ` +
              'count the years to it from; set birth_year, or clear plan_to_age, in the profile'
            : `is an age (${profile.planToAge ?? 'unknown'}), and this run was given no life ` +
              'table to plan to an age with',
      };
    case 'age-past-table':
      return {
        field: 'birth_year',
        rule:
          `gives an age of ${problem.currentAge}, past ${problem.lastTableAge}, the last age of SSA's ` +
          'period life table; correct birth_year in the profile',
      };
    case 'two-horizons':
      break;
  }
  // A run's own length replaces the profile's plan-to age, and the sex is passed only with an
  // age, so neither two horizons nor a sex without an age can come from the profile; stated
  // plainly should that ever change.
  return { field: 'snapshot.user', rule: `no retirement horizon (${problem.kind})` };
}
