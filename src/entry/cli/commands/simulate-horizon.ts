import {
  planHorizon,
  type HorizonProblem,
  type PeriodLifeTable,
  type PlanHorizon,
  type Sex,
} from '../../../core/index.ts';
import { InputError } from '../../../errors.ts';
import { FLAG_NAMES, type InputNames } from '../input-names.ts';

// How long `alex simulate` (and POST /api/simulate, which runs its code) plans for. The rule is
// core's planHorizon, shared with the Retirement agent; this file words its problems, with the
// names of the entry that asked (the CLI's flags, the API's body fields).

export interface HorizonFlags {
  currentAge?: number | undefined;
  yearsToRetirement: number;
  retirementYears?: number | undefined;
  planToAge?: number | undefined;
  sex?: Sex | undefined;
  /** A spouse's stream is in the plan: only the user's own lifetime is modelled. */
  spouseInPlan: boolean;
}

/** The checked horizon, or an InputError naming the input and the rule. */
export function horizonOfFlags(
  flags: HorizonFlags,
  table: () => PeriodLifeTable,
  names: InputNames = FLAG_NAMES,
): PlanHorizon {
  const answer = planHorizon(
    {
      currentAge: flags.currentAge ?? null,
      yearsToRetirement: flags.yearsToRetirement,
      retirementYears: flags.retirementYears ?? null,
      planToAge: flags.planToAge ?? null,
      sex: flags.sex ?? null,
      spouseInPlan: flags.spouseInPlan,
    },
    table,
  );
  if (answer.ok) return answer.horizon;
  throw horizonError(answer.problem, names);
}

function horizonError(problem: HorizonProblem, names: InputNames): InputError {
  const planToAge = names.of('planToAge');
  const retirementYears = names.of('retirementYears');
  const currentAge = names.of('currentAge');
  switch (problem.kind) {
    case 'two-horizons':
      return InputError.field(
        planToAge,
        `give either ${planToAge} or ${retirementYears}, not both: each sets the horizon`,
      );
    case 'needs-age':
      return problem.input === 'planToAge'
        ? InputError.field(planToAge, `needs ${currentAge}: it is an age, not a length`)
        : InputError.field(
            names.of('sex'),
            `needs ${currentAge}: the life table is read from an age`,
          );
    case 'age-past-table':
      return InputError.field(
        currentAge,
        `must be at most ${problem.lastTableAge}, the last age of the life table`,
      );
    case 'plan-end-not-after-retirement':
      return InputError.field(
        planToAge,
        `must be after the retirement age, ${problem.retirementAge} ` +
          `(${currentAge} plus ${names.of('yearsToRetirement')})`,
      );
    case 'retirement-not-before-table-age':
      return InputError.field(
        names.of('yearsToRetirement'),
        `retirement at ${problem.retirementAge} is not before ${problem.tableAge}, the age reached with ` +
          `${problem.survivalPct}% probability; give ${planToAge} or ${retirementYears}`,
      );
    case 'too-long':
      return InputError.field(
        planToAge,
        `gives ${problem.retirementYears} retirement years; at most ${problem.maximum}`,
      );
  }
}
