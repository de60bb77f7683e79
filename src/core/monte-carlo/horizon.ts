// How long the money must last: the one horizon rule of `alex simulate`, POST /api/simulate and
// the Retirement agent, so the three never give two answers to one question. A fixed length or
// a plan-to age sets the horizon when given (both could disagree, so both is a problem). With
// neither, a known age plans to the age reached with 10% probability under SSA's period life
// table (longevity.ts); retirement at or past that age leaves nothing to plan, which is a
// problem, never a quiet fall-back to a fixed length. Only without an age is the horizon fixed.
//
// Problems come back as data: core has no error classes, and each caller names the input its
// own way (a CLI flag, a body field, a profile setting).
import { lastTableAge, type PeriodLifeTable, type Sex } from './life-table.ts';
import { defaultPlanToAge, longevityBasis, PLAN_TO_SURVIVAL_PROBABILITY } from './longevity.ts';
import type { HorizonRule, LongevityBasis } from './types.ts';

/**
 * Retirement years without an age to read the life table from: 30, the Trinity study's longest
 * horizon (Cooley, Hubbard and Walz 1998), which is what Alex planned for before issue 16.
 */
export const DEFAULT_RETIREMENT_YEARS = 30;
/** The engine's and the historical data's limit on one plan's retirement. */
export const MAX_RETIREMENT_YEARS = 100;

export interface HorizonRequest {
  /** Today's age; null when unknown (then the table cannot be read). */
  currentAge: number | null;
  yearsToRetirement: number;
  /** A fixed length asked for, or null. */
  retirementYears: number | null;
  /** An age to plan to, or null. */
  planToAge: number | null;
  /** Which survivor curve; null: the 50/50 blend. */
  sex: Sex | null;
  /** A spouse's stream is in the plan: only the user's own lifetime is modelled. */
  spouseInPlan: boolean;
}

export interface PlanHorizon {
  retirementYears: number;
  /** Survival from today under the table; null without a current age. */
  longevity: LongevityBasis | null;
}

/** Why no horizon exists for a request; each caller words it with its own input names. */
export type HorizonProblem =
  | { kind: 'two-horizons' }
  | { kind: 'needs-age'; input: 'planToAge' | 'sex' }
  | { kind: 'age-past-table'; currentAge: number; lastTableAge: number }
  | { kind: 'plan-end-not-after-retirement'; retirementAge: number; planToAge: number }
  | {
      kind: 'retirement-not-before-table-age';
      retirementAge: number;
      /** The table's plan-to age: the oldest age reached with `survivalPct` probability. */
      tableAge: number;
      survivalPct: number;
    }
  | { kind: 'too-long'; retirementYears: number; maximum: number };

export type HorizonAnswer =
  { ok: true; horizon: PlanHorizon } | { ok: false; problem: HorizonProblem };

/**
 * The horizon for a request, or the problem that leaves none. The table is read only when an
 * age is known (a thunk, so a caller without an age never loads it).
 */
export function planHorizon(
  request: HorizonRequest,
  lifeTable: () => PeriodLifeTable,
): HorizonAnswer {
  const { currentAge, yearsToRetirement, retirementYears, planToAge } = request;
  if (retirementYears !== null && planToAge !== null) return refused({ kind: 'two-horizons' });
  if (currentAge === null) {
    if (planToAge !== null) return refused({ kind: 'needs-age', input: 'planToAge' });
    if (request.sex !== null) return refused({ kind: 'needs-age', input: 'sex' });
    return planned(retirementYears ?? DEFAULT_RETIREMENT_YEARS, null);
  }
  const table = lifeTable();
  if (currentAge > lastTableAge(table)) {
    return refused({ kind: 'age-past-table', currentAge, lastTableAge: lastTableAge(table) });
  }
  const rule: HorizonRule =
    retirementYears !== null
      ? 'retirement-years'
      : planToAge !== null
        ? 'plan-to-age'
        : 'life-table';
  const longevity = longevityBasis(
    table,
    { currentAge, sex: request.sex, spouseInPlan: request.spouseInPlan },
    rule,
  );
  if (retirementYears !== null) return planned(retirementYears, longevity);
  const retirementAge = currentAge + yearsToRetirement;
  const endAge = planToAge ?? defaultPlanToAge(longevity);
  const years = endAge - retirementAge;
  if (years < 1) {
    return refused(
      planToAge !== null
        ? { kind: 'plan-end-not-after-retirement', retirementAge, planToAge }
        : {
            kind: 'retirement-not-before-table-age',
            retirementAge,
            tableAge: endAge,
            survivalPct: PLAN_TO_SURVIVAL_PROBABILITY * 100,
          },
    );
  }
  if (years > MAX_RETIREMENT_YEARS) {
    return refused({ kind: 'too-long', retirementYears: years, maximum: MAX_RETIREMENT_YEARS });
  }
  return planned(years, longevity);
}

const planned = (retirementYears: number, longevity: LongevityBasis | null): HorizonAnswer => ({
  ok: true,
  horizon: { retirementYears, longevity },
});

const refused = (problem: HorizonProblem): HorizonAnswer => ({ ok: false, problem });
