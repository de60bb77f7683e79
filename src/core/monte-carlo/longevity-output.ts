// The longevity result as `alex simulate` prints it: JSON (contracts/simulation.ts) and text.
import { SEX_NEUTRAL_BASIS } from './longevity.ts';
import type { LongevityResult } from './types.ts';
import { Z_95 } from './statistics.ts';

const roundPct = (fraction: number) => Math.round(fraction * 10000) / 100;
const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** What the longevity view leaves out, printed with every result that has one. */
export const LONGEVITY_NOT_MODELLED = [
  "a period table, not a cohort one: 2023's death rates at every age, in every future year",
  'no mortality improvement after 2023 (a cohort table would add it; lives would be longer)',
  'no adjustment for health, income or wealth (all of which move life expectancy)',
  "only the user's own lifetime: a spouse's survival (first and second death) is not modelled",
];

export const RUIN_METHOD =
  "each path's first unpaid withdrawal, weighted by the chance of being alive on its day (exact in survival, no random lifetimes)";

function sexBasis(result: LongevityResult): string {
  return result.sex === null ? SEX_NEUTRAL_BASIS : `the ${result.sex} table`;
}

const sexWords = (result: LongevityResult) =>
  result.sex === null
    ? 'sex not stated: a 50/50 blend of the male and female survivors, not an SSA table'
    : result.sex;

export function longevityJson(result: LongevityResult | null) {
  if (result === null) return null;
  return {
    table: result.tableLabel,
    source: result.tableSource,
    sex: result.sex,
    sex_basis: sexBasis(result),
    current_age: result.currentAge,
    plan_to_age: result.planToAge,
    horizon_rule: result.horizonRule,
    survival_to_plan_end: roundPct(result.survivalToPlanEnd),
    life_expectancy_years: Math.round(result.lifeExpectancyYears * 100) / 100,
    ruin_while_alive_probability: roundPct(result.ruinWhileAlive),
    ruin_while_alive_standard_error:
      result.ruinWhileAliveStandardError === null
        ? null
        : roundPct(result.ruinWhileAliveStandardError),
    ruin_method: RUIN_METHOD,
    spouse_in_plan: result.spouseInPlan,
    not_modelled: LONGEVITY_NOT_MODELLED,
  };
}

const HORIZON_WORDS: Record<LongevityResult['horizonRule'], string> = {
  'life-table': 'the oldest age reached with 10% probability',
  'plan-to-age': 'as given',
  'retirement-years': 'from --retirement-years',
};

/** Three lines: the horizon and who outlives it, the chance of ruin while alive, the limits. */
export function longevityLines(result: LongevityResult | null): string[] {
  if (result === null) return [];
  const error = result.ruinWhileAliveStandardError;
  const margin = error === null ? '' : ` ± ${(error * Z_95 * 100).toFixed(1)}`;
  return [
    `Longevity (${result.tableLabel}; ${sexWords(result)}): plan to age ${result.planToAge} ` +
      `(${HORIZON_WORDS[result.horizonRule]}); ${pct(result.survivalToPlanEnd)} chance of being ` +
      `alive then, period life expectancy at ${result.currentAge} ${result.lifeExpectancyYears.toFixed(1)} more years`,
    `Chance of running out of money while alive (to age ${result.planToAge}): ` +
      `${pct(result.ruinWhileAlive)}${margin} (${RUIN_METHOD})`,
    `  Not modelled: ${LONGEVITY_NOT_MODELLED.join('; ')}` +
      (result.spouseInPlan
        ? ". A spouse's income is in the plan, but not the spouse's lifetime."
        : '.'),
  ];
}
