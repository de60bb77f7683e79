import type { Command } from 'commander';
import { incomePlanSchema, type IncomeStream } from '../../../contracts/income-streams.ts';
import { birthYearRange } from '../../../contracts/limits.ts';
import { describeCashFlow, cashFlowsFromIncomeStreams } from '../../../core/index.ts';
import { InputError } from '../../../errors.ts';
import type { CommandContext } from '../context.ts';
import { parseStreamFlag, STREAM_SYNTAX } from '../income-stream-flags.ts';
import { numberOption } from '../options.ts';
import { printJson, printLine } from '../output.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface IncomeFlags {
  user: string;
  socialSecurity?: string;
  spouseSocialSecurity?: string;
  spouseBirthYear?: string;
  pension?: string[];
  income?: string[];
  expense?: string[];
  clear?: boolean;
  json?: boolean;
}

/**
 * `alex users income`: sets the profile's income and expenses beside the portfolio, the plan
 * the Retirement agent and POST /api/simulate read. The flags replace the stored plan whole.
 */
export function registerUserIncomeCommand(users: Command, context: CommandContext): void {
  users
    .command('income')
    .description(
      "set a user's Social Security, pensions, other income and expenses (replaces the stored ones)",
    )
    .requiredOption('--user <id>', 'whose profile')
    .option('--social-security <spec>', 'AGE:AMOUNT, the benefit at that claiming age (62-70)')
    .option('--spouse-social-security <spec>', "a spouse's benefit at the spouse's claiming age")
    .option('--spouse-birth-year <year>', "the spouse's year of birth (with a spouse's benefit)")
    .option(
      '--pension <spec>',
      'a pension or annuity (repeatable), fixed nominal unless :indexed',
      collect,
    )
    .option('--income <spec>', 'part-time work, a windfall (repeatable)', collect)
    .option('--expense <spec>', 'a one-off or recurring expense (repeatable)', collect)
    .option('--clear', 'remove every stream')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `\nEach stream is ${STREAM_SYNTAX}; see alex simulate --help for the defaults.`,
    )
    .action(async (flags: IncomeFlags) => {
      // Flags are checked before the database is opened: a typo writes nothing.
      const streams: IncomeStream[] = [
        ...(flags.socialSecurity
          ? [parseStreamFlag('--social-security', flags.socialSecurity)]
          : []),
        ...(flags.spouseSocialSecurity
          ? [parseStreamFlag('--spouse-social-security', flags.spouseSocialSecurity)]
          : []),
        ...(flags.pension ?? []).map((text) => parseStreamFlag('--pension', text)),
        ...(flags.income ?? []).map((text) => parseStreamFlag('--income', text)),
        ...(flags.expense ?? []).map((text) => parseStreamFlag('--expense', text)),
      ];
      if (flags.clear && streams.length > 0) {
        throw InputError.field('--clear', 'removes every stream; do not give streams with it');
      }
      if (!flags.clear && streams.length === 0) {
        throw InputError.field('--social-security', 'give at least one stream, or --clear');
      }
      const spouseBirthYear =
        numberOption('--spouse-birth-year', flags.spouseBirthYear, birthYearRange(new Date())) ??
        null;
      if (spouseBirthYear !== null && !flags.spouseSocialSecurity) {
        throw InputError.field('--spouse-birth-year', 'applies with --spouse-social-security only');
      }
      const parsed = incomePlanSchema.safeParse({ spouse_birth_year: spouseBirthYear, streams });
      if (!parsed.success) {
        throw new InputError(
          parsed.error.issues.map((issue) => ({
            field:
              issue.path[0] === 'spouse_birth_year' ? '--spouse-birth-year' : '--social-security',
            rule: issue.message,
          })),
        );
      }
      const { repositories } = await context.services();
      const user = await repositories.users.update(flags.user, { incomePlan: parsed.data });
      if (flags.json) return printJson(user.incomePlan);
      if (user.incomePlan.streams.length === 0) {
        return printLine(`${user.displayName}: no income or expense streams`);
      }
      // Described by the person's own ages (the simulation moves a spouse's to the user's).
      const described = cashFlowsFromIncomeStreams(user.incomePlan.streams, { self: 0, spouse: 0 });
      printLine(
        [
          `${user.displayName}: income and expenses`,
          ...described.map((s) => `  ${describeCashFlow(s)}`),
        ].join('\n'),
      );
    });
}
