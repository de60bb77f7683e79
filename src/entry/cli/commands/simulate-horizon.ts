import {
  planHorizon,
  type HorizonProblem,
  type PeriodLifeTable,
  type PlanHorizon,
  type Sex,
} from '../../../core/index.ts';
import { InputError } from '../../../errors.ts';

// How long `alex simulate` (and POST /api/simulate, which runs its code) plans for. The rule is
// core's planHorizon, shared with the Retirement agent; this file only names the flags.

export interface HorizonFlags {
  currentAge?: number | undefined;
  yearsToRetirement: number;
  retirementYears?: number | undefined;
  planToAge?: number | undefined;
  sex?: Sex | undefined;
  /** A spouse's stream is in the plan: only the user's own lifetime is modelled. */
  spouseInPlan: boolean;
}

/** The checked horizon, or an InputError naming the flag and the rule. */
export function horizonOfFlags(flags: HorizonFlags, table: () => PeriodLifeTable): PlanHorizon {
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
  throw flagError(answer.problem);
}

function flagError(problem: HorizonProblem): InputError {
  switch (problem.kind) {
    case 'two-horizons':
      return InputError.field(
        '--plan-to-age',
        'give either --plan-to-age or --retirement-years, not both: each sets the horizon',
      );
    case 'needs-age':
      return problem.input === 'planToAge'
        ? InputError.field('--plan-to-age', 'needs --current-age: it is an age, not a length')
        : InputError.field('--sex', 'needs --current-age: the life table is read from an age');
    case 'age-past-table':
      return InputError.field(
        '--current-age',
        `must be at most ${problem.lastTableAge}, the last age of the life table`,
      );
    case 'plan-end-not-after-retirement':
      return InputError.field(
        '--plan-to-age',
        `must be after the retirement age, ${problem.retirementAge} (--current-age plus --years-to-retirement)`,
      );
    case 'retirement-not-before-table-age':
      return InputError.field(
        '--years-to-retirement',
        `retirement at ${problem.retirementAge} is not before ${problem.tableAge}, the age reached with ` +
          `${problem.survivalPct}% probability; give --plan-to-age or --retirement-years`,
      );
    case 'too-long':
      return InputError.field(
        '--plan-to-age',
        `gives ${problem.retirementYears} retirement years; at most ${problem.maximum}`,
      );
  }
}
