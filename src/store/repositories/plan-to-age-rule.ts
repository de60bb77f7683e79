import type { FieldIssue } from '../../errors.ts';

// The profile's plan_to_age must lie after the retirement age: at or before it, the plan has no
// retirement years to project, and core's planHorizon refuses it. The retirement age is known
// only with a birth year, so without one any age in range is kept (the projection then asks for
// the birth year). The rule is checked when a write sets plan_to_age, birth_year or
// years_until_retirement, and names the field that write changed: a stored plan_to_age that the
// passing years have overtaken is not an error of a later, unrelated change (a new name), and the
// projection refuses it in the same words until it is changed.
//
// Fields are named as the profile names them everywhere a person sees them (the API's fields,
// the Retirement agent's refusals): the CLI turns them into its flags.

/** The profile fields the rule reads. */
export interface PlanToAgeFields {
  birthYear: number | null;
  yearsUntilRetirement: number;
  planToAge: number | null;
}

export type PlanToAgeField = keyof PlanToAgeFields;

/** Why the profile's plan_to_age cannot stand after this change; null when it can. */
export function planToAgeIssue(
  profile: PlanToAgeFields,
  changed: readonly PlanToAgeField[],
  thisYear: number,
): FieldIssue | null {
  const { birthYear, yearsUntilRetirement, planToAge } = profile;
  if (planToAge === null || birthYear === null) return null;
  const currentAge = thisYear - birthYear;
  const retirementAge = currentAge + yearsUntilRetirement;
  if (planToAge > retirementAge) return null;
  const basis = `age ${currentAge} from birth_year ${birthYear}, plus years_until_retirement ${yearsUntilRetirement}`;
  if (changed.includes('planToAge')) {
    return {
      field: 'plan_to_age',
      rule:
        planToAge <= currentAge
          ? `must be above the current age, ${currentAge} (from birth_year ${birthYear}), and the retirement age, ${retirementAge}`
          : `must be above the retirement age, ${retirementAge} (${basis})`,
    };
  }
  return {
    field: changed.includes('yearsUntilRetirement') ? 'years_until_retirement' : 'birth_year',
    rule:
      `puts retirement at ${retirementAge} (${basis}), not before the profile's plan_to_age, ` +
      `${planToAge}; raise or clear plan_to_age in the same change`,
  };
}
