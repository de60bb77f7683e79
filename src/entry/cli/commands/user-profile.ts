import type { Command } from 'commander';
import { birthYearRange, PLAN_TO_AGE } from '../../../contracts/limits.ts';
import { sexSchema, type SEXES } from '../../../contracts/simulation.ts';
import { InputError } from '../../../errors.ts';
import type { User } from '../../../store/repositories/index.ts';
import type { CommandContext } from '../context.ts';
import { numberOption } from '../options.ts';
import { formatTable, printJson, printLine } from '../output.ts';

// `alex users update` and `alex users show`: the profile's single settings (birth year, the life
// table's sex, the age the plan runs to), changed and read. The lists and plans have their own
// commands (income, taxes, xray-thresholds).

/** The profile's names (as the repository's rules name them) and the flags that set them. */
const FLAG_OF_PROFILE_FIELD: Readonly<Record<string, string>> = {
  plan_to_age: '--plan-to-age',
  birth_year: '--birth-year',
  years_until_retirement: '--years-to-retirement',
};

/** --sex checked before the database is opened, its error naming the flag. */
export function sexOption(text: string | undefined, noneAllowed = false): (typeof SEXES)[number] {
  const parsed = sexSchema.safeParse(text);
  if (!parsed.success) {
    throw InputError.field('--sex', `must be female or male${noneAllowed ? ', or none' : ''}`);
  }
  return parsed.data;
}

/** --plan-to-age: a whole age in range, or `none` (clear it) where clearing is allowed. */
export function planToAgeOption(text: string, noneAllowed = false): number | null {
  if (noneAllowed && text === 'none') return null;
  const age = numberOption('--plan-to-age', text, PLAN_TO_AGE);
  if (age === undefined) throw InputError.field('--plan-to-age', 'needs an age');
  return age;
}

/**
 * A profile write, its errors naming the flag the person typed. The rule across fields
 * (plan_to_age after the retirement age) names the profile's fields, and its words keep their
 * names: they are the stored settings it compares.
 */
export async function withProfileFlags<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((issue) => ({
        field: FLAG_OF_PROFILE_FIELD[issue.field] ?? issue.field,
        rule: issue.rule,
      })),
      { cause: error },
    );
  }
}

export function registerUserProfileCommands(users: Command, context: CommandContext): void {
  users
    .command('update')
    .description(
      "change a user's birth year, the sex their life table is read for, or the age their plan runs to",
    )
    .requiredOption('--user <id>', 'the user')
    .option('--birth-year <year>', 'year of birth')
    .option(
      '--sex <sex>',
      'female | male, or none: not stated (the retirement projection then uses a 50/50 blend)',
    )
    .option(
      '--plan-to-age <age>',
      "the age every retirement projection plans to (after the retirement age, at most 120), or none: the life table's 10% age",
    )
    .option('--json', 'print JSON')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const text = (key: string) => options[key] as string | undefined;
      const sex = text('sex');
      const birthYear = text('birthYear');
      const planToAge = text('planToAge');
      // Flags are checked before the database is opened: a typo costs nothing and writes nothing.
      const patch = {
        ...(sex !== undefined ? { sex: sex === 'none' ? null : sexOption(sex, true) } : {}),
        ...(birthYear !== undefined
          ? { birthYear: numberOption('--birth-year', birthYear, birthYearRange(new Date())) }
          : {}),
        ...(planToAge !== undefined ? { planToAge: planToAgeOption(planToAge, true) } : {}),
      };
      if (Object.keys(patch).length === 0) {
        throw InputError.field(
          '--sex',
          'give --sex, --birth-year or --plan-to-age: there is nothing to change',
        );
      }
      const { repositories } = await context.services();
      const user = await withProfileFlags(repositories.users.update(text('user') ?? '', patch));
      if (options['json']) return printJson(user);
      printLine(`updated user ${user.displayName} (${user.id})`);
    });
  users
    .command('show')
    .description("a user's profile: the settings the analysis and the projections read")
    .requiredOption('--user <id>', 'the user')
    .option('--json', 'print JSON')
    .action(async (options: { user: string; json?: boolean }) => {
      const { repositories } = await context.services();
      const user = await repositories.users.get(options.user);
      if (options.json) return printJson(user);
      printLine(formatTable(['setting', 'value'], profileRows(user)));
    });
}

const usd = (amount: number) =>
  `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function profileRows(user: User): string[][] {
  const targets = Object.entries(user.assetClassTargets);
  return [
    ['id', user.id],
    ['name', user.displayName],
    ['birth year', user.birthYear === null ? 'not set' : String(user.birthYear)],
    ['sex (life table)', user.sex ?? 'not stated: a 50/50 blend of the two tables'],
    ['years until retirement', String(user.yearsUntilRetirement)],
    [
      'plan to age',
      user.planToAge === null
        ? "not set: the oldest age reached with 10% probability under SSA's period life table"
        : String(user.planToAge),
    ],
    ['target retirement income', `${usd(user.targetRetirementIncomeUsd)} a year`],
    ['yearly contribution', usd(user.annualContributionUsd)],
    [
      'asset-class targets',
      targets.length === 0 ? 'none' : targets.map(([key, pct]) => `${key} ${pct}%`).join(', '),
    ],
    ['income streams', String(user.incomePlan.streams.length)],
    [
      'tax plan',
      `${user.taxPlan.filing_status}, ${user.taxPlan.withdrawal_order}, tax-deferred rate ${
        user.taxPlan.tax_deferred_rate === null ? 'default' : String(user.taxPlan.tax_deferred_rate)
      }`,
    ],
  ];
}
