import {
  defaultPlanToAge,
  lastTableAge,
  longevityBasis,
  PLAN_TO_SURVIVAL_PROBABILITY,
  type LongevityBasis,
  type PeriodLifeTable,
  type Sex,
} from '../../../core/index.ts';
import { InputError } from '../../../errors.ts';

// How long `alex simulate` plans for. --retirement-years and --plan-to-age each set the horizon;
// given both they could disagree, so that is refused. With neither, a known age plans to the age
// reached with 10% probability under SSA's period life table; with no age, 30 years, as before.

/** Retirement years without an age to read the life table from. */
export const DEFAULT_RETIREMENT_YEARS = 30;
/** The engine's and the historical data's limit on one plan. */
const MAX_RETIREMENT_YEARS = 100;

export interface HorizonFlags {
  currentAge?: number | undefined;
  yearsToRetirement: number;
  retirementYears?: number | undefined;
  planToAge?: number | undefined;
  sex?: Sex | undefined;
  /** A spouse's stream is in the plan: only the user's own lifetime is modelled. */
  spouseInPlan: boolean;
}

export interface PlanHorizon {
  retirementYears: number;
  /** Survival from today under the table; null without a current age. */
  longevity: LongevityBasis | null;
}

/** The checked horizon, or an InputError naming the flag and the rule. */
export function planHorizon(flags: HorizonFlags, table: () => PeriodLifeTable): PlanHorizon {
  const { currentAge, yearsToRetirement, retirementYears, planToAge } = flags;
  if (retirementYears !== undefined && planToAge !== undefined) {
    throw InputError.field(
      '--plan-to-age',
      'give either --plan-to-age or --retirement-years, not both: each sets the horizon',
    );
  }
  if (currentAge === undefined) {
    if (planToAge !== undefined) {
      throw InputError.field('--plan-to-age', 'needs --current-age: it is an age, not a length');
    }
    if (flags.sex !== undefined) {
      throw InputError.field('--sex', 'needs --current-age: the life table is read from an age');
    }
    return { retirementYears: retirementYears ?? DEFAULT_RETIREMENT_YEARS, longevity: null };
  }
  const lifeTable = table();
  if (currentAge > lastTableAge(lifeTable)) {
    throw InputError.field(
      '--current-age',
      `must be at most ${lastTableAge(lifeTable)}, the last age of the life table`,
    );
  }
  const rule =
    retirementYears !== undefined
      ? 'retirement-years'
      : planToAge !== undefined
        ? 'plan-to-age'
        : 'life-table';
  const longevity = longevityBasis(
    lifeTable,
    { currentAge, sex: flags.sex ?? null, spouseInPlan: flags.spouseInPlan },
    rule,
  );
  if (retirementYears !== undefined) return { retirementYears, longevity };
  const retirementAge = currentAge + yearsToRetirement;
  const endAge = planToAge ?? defaultPlanToAge(longevity);
  const years = endAge - retirementAge;
  if (years < 1) {
    throw planToAge !== undefined
      ? InputError.field(
          '--plan-to-age',
          `must be after the retirement age, ${retirementAge} (--current-age plus --years-to-retirement)`,
        )
      : InputError.field(
          '--years-to-retirement',
          `retirement at ${retirementAge} is not before ${endAge}, the age reached with ` +
            `${PLAN_TO_SURVIVAL_PROBABILITY * 100}% probability; give --plan-to-age or --retirement-years`,
        );
  }
  if (years > MAX_RETIREMENT_YEARS) {
    throw InputError.field(
      '--plan-to-age',
      `gives ${years} retirement years; at most ${MAX_RETIREMENT_YEARS}`,
    );
  }
  return { retirementYears: years, longevity };
}
