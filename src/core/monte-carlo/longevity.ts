// Longevity instead of a fixed horizon (issue 16): how long to plan for, from a period life
// table, and the chance of running out of money while still alive.
import {
  lastTableAge,
  lifeExpectancy,
  survivalFrom,
  survivorsFor,
  type PeriodLifeTable,
  type Sex,
} from './life-table.ts';
import type { HorizonRule, LongevityBasis, LongevityResult, WithdrawalTiming } from './types.ts';
import { paymentYearOffset } from './withdrawal-timing.ts';

/**
 * The default horizon plans to the oldest age a person of the given age and sex reaches with at
 * least this probability under the table: 10%, so one in ten outlives the plan. A common
 * planner's choice (a horizon at life expectancy leaves half of people outliving it); the chance
 * of outliving the horizon is printed beside it, so the choice is visible.
 */
export const PLAN_TO_SURVIVAL_PROBABILITY = 0.1;

/** Sex-neutral wording, printed wherever the blend is used. */
export const SEX_NEUTRAL_BASIS =
  'sex not stated: a population with equal numbers of men and women at birth (the mean of the ' +
  'male and female survivor curves l(x)), our construction, not a table SSA publishes';

export function tableLabelOf(table: PeriodLifeTable): string {
  return `SSA period life table ${table.periodYear} (${table.trusteesReportYear} Trustees Report)`;
}

/** Survival from today and life expectancy for a person of this age and sex. */
export function longevityBasis(
  table: PeriodLifeTable,
  person: { currentAge: number; sex: Sex | null; spouseInPlan: boolean },
  horizonRule: HorizonRule,
): LongevityBasis {
  if (person.currentAge > lastTableAge(table)) {
    throw new RangeError(`the life table ends at age ${lastTableAge(table)}`);
  }
  const survivors = survivorsFor(table, person.sex);
  return {
    tableLabel: tableLabelOf(table),
    tableSource: table.source,
    sex: person.sex,
    currentAge: person.currentAge,
    survival: Array.from(survivalFrom(survivors, person.currentAge)),
    horizonRule,
    lifeExpectancyYears: lifeExpectancy(survivors, person.currentAge),
    spouseInPlan: person.spouseInPlan,
  };
}

/** Chance of being alive `years` from today (0 past the table's end). */
export function survivalAfter(basis: Pick<LongevityBasis, 'survival'>, years: number): number {
  return basis.survival[years] ?? 0;
}

/**
 * The default plan-to age: the oldest age still reached with probability at least
 * PLAN_TO_SURVIVAL_PROBABILITY.
 */
export function defaultPlanToAge(basis: Pick<LongevityBasis, 'survival' | 'currentAge'>): number {
  let years = 0;
  while (survivalAfter(basis, years + 1) >= PLAN_TO_SURVIVAL_PROBABILITY) years++;
  return basis.currentAge + years;
}

/**
 * P(ruin while alive) from each path's first failed retirement year (-1: never ran out):
 * Σ over paths of P(alive on that payment's day) / paths, with the standard error of that mean.
 */
export function ruinWhileAlive(
  depletionYear: ArrayLike<number>,
  survivalByYearFromToday: readonly number[],
  yearsToRetirement: number,
  timing: WithdrawalTiming,
): { probability: number; standardError: number } {
  const paths = depletionYear.length;
  if (paths === 0) return { probability: 0, standardError: 0 };
  let sum = 0;
  let sumOfSquares = 0;
  for (let path = 0; path < paths; path++) {
    const year = depletionYear[path]!;
    if (year < 0) continue;
    const daysFromToday = yearsToRetirement + paymentYearOffset(timing, year);
    const weight = survivalByYearFromToday[daysFromToday] ?? 0;
    sum += weight;
    sumOfSquares += weight * weight;
  }
  const probability = sum / paths;
  const variance = paths > 1 ? (sumOfSquares - paths * probability ** 2) / (paths - 1) : 0;
  return { probability, standardError: Math.sqrt(Math.max(0, variance) / paths) };
}

/** The longevity result of a run whose paths' depletion years are known. */
export function longevityResult(
  basis: LongevityBasis,
  plan: {
    yearsToRetirement: number;
    retirementYears: number;
    timing: WithdrawalTiming;
    historical: boolean;
  },
  depletionYear: ArrayLike<number>,
): LongevityResult {
  const planYears = plan.yearsToRetirement + plan.retirementYears;
  const ruin = ruinWhileAlive(depletionYear, basis.survival, plan.yearsToRetirement, plan.timing);
  return {
    tableLabel: basis.tableLabel,
    tableSource: basis.tableSource,
    sex: basis.sex,
    currentAge: basis.currentAge,
    planToAge: basis.currentAge + planYears,
    horizonRule: basis.horizonRule,
    lifeExpectancyYears: basis.lifeExpectancyYears,
    survivalToPlanEnd: survivalAfter(basis, planYears),
    ruinWhileAlive: ruin.probability,
    ruinWhileAliveStandardError: plan.historical ? null : ruin.standardError,
    spouseInPlan: basis.spouseInPlan,
  };
}
