// A period life table and what the plan reads from it: survivors, survival from an age, life
// expectancy. The table itself is data (data/ssa-period-life-table-2023.csv, read through
// src/store/reference/life-table.ts); this file only computes with it.

import { SEXES } from '../../contracts/simulation.ts';

export { SEXES };
export type Sex = (typeof SEXES)[number];

/** One published period life table: death probabilities by exact age, 0 to the last age. */
export interface PeriodLifeTable {
  /** The calendar year whose death rates the table uses. */
  periodYear: number;
  /** The Trustees Report that used it. */
  trusteesReportYear: number;
  /** Where it comes from, for the output (page, table, copy read). */
  source: string;
  /** q(x): probability of dying within one year at exact age x, index x = 0..last age. */
  maleQx: readonly number[];
  femaleQx: readonly number[];
}

/** Survivors of the table's hypothetical cohort at exact age x (SSA's radix: 100,000 at birth). */
export const RADIX = 100_000;

/**
 * l(x) from q(x): l(0) = 100,000 and l(x+1) = l(x)(1 - q(x)), unrounded, one entry past the last
 * age (the survivors at the table's end, who all die in the following year in this model).
 */
export function survivorsFromDeathProbabilities(qx: readonly number[]): Float64Array {
  const survivors = new Float64Array(qx.length + 1);
  survivors[0] = RADIX;
  for (let age = 0; age < qx.length; age++) survivors[age + 1] = survivors[age]! * (1 - qx[age]!);
  return survivors;
}

/**
 * Survivors for a sex, or, with no sex given, for a population with equal numbers of men and
 * women at birth: the mean of the male and female l(x). That blend is our construction, not a
 * table SSA publishes; it is the survivor curve of such a population, unlike the mean of the two
 * q(x), which describes no population.
 */
export function survivorsFor(table: PeriodLifeTable, sex: Sex | null): Float64Array {
  const male = survivorsFromDeathProbabilities(table.maleQx);
  const female = survivorsFromDeathProbabilities(table.femaleQx);
  if (sex === 'male') return male;
  if (sex === 'female') return female;
  return male.map((survivorsAtAge, age) => (survivorsAtAge + female[age]!) / 2);
}

/** The oldest age the table gives a death probability for (SSA's: 119). */
export function lastTableAge(table: PeriodLifeTable): number {
  return table.maleQx.length - 1;
}

/**
 * Chance of being alive at exact age `currentAge + k`, for k = 0 .. the end of the table, given
 * alive at `currentAge` today: l(currentAge + k) / l(currentAge). Zero past the table's end.
 */
export function survivalFrom(survivors: Float64Array, currentAge: number): Float64Array {
  const base = survivors[currentAge];
  if (!Number.isInteger(currentAge) || base === undefined || !(base > 0)) {
    throw new RangeError(`the life table has no survivors at age ${currentAge}`);
  }
  return survivors.subarray(currentAge).map((survivorsAtAge) => survivorsAtAge / base);
}

/**
 * Complete life expectancy at exact age x, deaths spread evenly within each year of age (the
 * person-years of year x are (l(x) + l(x+1)) / 2), the table closed one year after its last age.
 * SSA computes its printed e(x) the same way from age 1 on (its infants' year differs) but does
 * not close the table at 120, so the two can differ at the very oldest ages.
 */
export function lifeExpectancy(survivors: Float64Array, age: number): number {
  const base = survivors[age];
  if (base === undefined || !(base > 0)) throw new RangeError(`no survivors at age ${age}`);
  let personYears = 0;
  for (let x = age; x < survivors.length; x++) {
    personYears += (survivors[x]! + (survivors[x + 1] ?? 0)) / 2;
  }
  return personYears / base;
}
