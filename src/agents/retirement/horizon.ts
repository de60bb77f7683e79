import { planHorizon, type HorizonProblem, type PlanHorizon } from '../../core/index.ts';
import type { FieldIssue } from '../../errors.ts';
import type { PortfolioSnapshot } from '../portfolio-snapshot.ts';
import {
  retirementProfileSchema,
  type RetirementOptions,
  type RetirementProfile,
} from './schema.ts';

// How long the Retirement agent plans for: core's planHorizon, the rule `alex simulate` and
// POST /api/simulate apply, over the profile. Where they refuse (retirement at or past the life
// table's 10% age), the agent refuses too, naming the profile setting to change; it never
// projects a made-up length instead.

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
  const answer = planHorizon(
    {
      currentAge,
      yearsToRetirement: profile.yearsUntilRetirement,
      retirementYears: options.retirementYears ?? null,
      planToAge: null,
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

/** The problem in the profile's own words: `birth_year` and `years_until_retirement`. */
function profileIssue(problem: HorizonProblem, profile: RetirementProfile): FieldIssue {
  switch (problem.kind) {
    case 'retirement-not-before-table-age':
      return {
        field: 'years_until_retirement',
        rule:
          `retirement at ${problem.retirementAge} (age ${profile.currentAge ?? 'unknown'} plus ` +
          `${profile.yearsUntilRetirement} years until retirement) is not before ${problem.tableAge}, ` +
          `the oldest age reached with ${problem.survivalPct}% probability under SSA's period life ` +
          'table, so there are no retirement years to project; lower years_until_retirement, or ' +
          'correct birth_year, in the profile',
      };
    case 'age-past-table':
      return {
        field: 'birth_year',
        rule:
          `gives an age of ${problem.currentAge}, past ${problem.lastTableAge}, the last age of SSA's ` +
          'period life table; correct birth_year in the profile',
      };
    default:
      // The profile has no plan-to age, and its sex is passed only with an age, so the other
      // problems (two horizons, a missing age, a plan-to age too early or too far) cannot come
      // from it; stated plainly should that ever change.
      return { field: 'snapshot.user', rule: `no retirement horizon (${problem.kind})` };
  }
}
