import type { Command } from 'commander';
import { InputError } from '../../../errors.ts';
import type { AccountType } from '../../../store/repositories/index.ts';
import type { CommandContext } from '../context.ts';
import { assetClassTargetsSchema, regionTargetsSchema } from '../../../contracts/allocation.ts';
import {
  AMOUNT_USD,
  birthYearRange,
  CASH_INTEREST_PCT,
  QUANTITY,
  YEARS_TO_RETIREMENT,
  type NumberRange,
} from '../../../contracts/limits.ts';
import { keyValueOption, mapOption, numberOption } from '../options.ts';
import { formatTable, printJson, printLine } from '../output.ts';
import { registerUserIncomeCommand } from './user-income.ts';
import {
  planToAgeOption,
  registerUserProfileCommands,
  sexOption,
  withProfileFlags,
} from './user-profile.ts';
import { registerUserTaxesCommand } from './user-taxes.ts';
import { registerUserXrayThresholdsCommand } from './user-xray-thresholds.ts';

// One target share, in percent; together they must add up to 100 (checked by the schema).
const TARGET_PCT: NumberRange = { min: 0, max: 100 };

const money = (usd: number) =>
  `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function registerPortfolioCommands(program: Command, context: CommandContext): void {
  registerUserCommands(program, context);
  registerAccountCommands(program, context);
  registerPositionCommands(program, context);
}

function registerUserCommands(program: Command, context: CommandContext): void {
  const users = program.command('users').description('people whose portfolios are analysed');
  users
    .command('add')
    .description('create a user')
    .requiredOption('--name <name>', 'display name')
    .option('--birth-year <year>', 'year of birth')
    .option(
      '--sex <sex>',
      'female | male: which SSA life table the retirement projection reads (left out: a 50/50 blend)',
    )
    .option('--years-to-retirement <n>', 'years until retirement', '0')
    .option(
      '--plan-to-age <age>',
      "the age every retirement projection plans to (after the retirement age, at most 120); left out: the life table's 10% age",
    )
    .option('--target-income <usd>', 'wanted yearly retirement income, in today’s dollars', '0')
    .option('--contribution <usd>', 'yearly contribution', '0')
    .option('--asset-class-targets <map>', 'e.g. equity=70,fixed_income=30')
    .option('--region-targets <map>', 'e.g. north_america=60,europe=20,asia=20')
    .option('--json', 'print JSON')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const text = (key: string) => options[key] as string | undefined;
      // Flags are checked before the database is opened: a typo costs nothing and writes nothing.
      const newUser = {
        displayName: text('name') ?? '',
        ...(text('birthYear') !== undefined
          ? {
              birthYear: numberOption(
                '--birth-year',
                text('birthYear'),
                birthYearRange(new Date()),
              ),
            }
          : {}),
        ...(text('sex') !== undefined ? { sex: sexOption(text('sex')) } : {}),
        ...(text('planToAge') !== undefined
          ? { planToAge: planToAgeOption(text('planToAge') ?? '') }
          : {}),
        yearsUntilRetirement:
          numberOption('--years-to-retirement', text('yearsToRetirement'), YEARS_TO_RETIREMENT) ??
          0,
        targetRetirementIncomeUsd:
          numberOption('--target-income', text('targetIncome'), AMOUNT_USD) ?? 0,
        annualContributionUsd:
          numberOption('--contribution', text('contribution'), AMOUNT_USD) ?? 0,
        assetClassTargets: mapOption(
          '--asset-class-targets',
          keyValueOption('--asset-class-targets', text('assetClassTargets'), TARGET_PCT) ?? {},
          assetClassTargetsSchema,
        ),
        regionTargets: mapOption(
          '--region-targets',
          keyValueOption('--region-targets', text('regionTargets'), TARGET_PCT) ?? {},
          regionTargetsSchema,
        ),
      };
      const { repositories } = await context.services();
      const user = await withProfileFlags(repositories.users.create(newUser));
      if (options['json']) return printJson(user);
      printLine(`created user ${user.displayName} (${user.id})`);
    });
  registerUserProfileCommands(users, context);
  registerUserIncomeCommand(users, context);
  registerUserTaxesCommand(users, context);
  registerUserXrayThresholdsCommand(users, context);
  users
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { repositories } = await context.services();
      const list = await repositories.users.list();
      if (options.json) return printJson(list);
      printLine(
        formatTable(
          ['id', 'name', 'years to retirement', 'target income'],
          list.map((user) => [
            user.id,
            user.displayName,
            String(user.yearsUntilRetirement),
            money(user.targetRetirementIncomeUsd),
          ]),
        ),
      );
    });
}

function registerAccountCommands(program: Command, context: CommandContext): void {
  const accounts = program.command('accounts').description("a user's accounts");
  accounts
    .command('add')
    .description('create an account')
    .requiredOption('--user <id>', 'owner')
    .requiredOption('--name <name>', 'account name, e.g. "Roth IRA"')
    .requiredOption('--type <type>', 'taxable | tax_deferred | tax_free')
    .option('--purpose <text>', 'what the account is for')
    .option('--cash <usd>', 'cash balance', '0')
    .option('--cash-interest <pct>', 'interest on cash, percent a year', '0')
    .option('--json', 'print JSON')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const { repositories } = await context.services();
      const text = (key: string) => options[key] as string | undefined;
      const user = await repositories.users.get(text('user') ?? '');
      const account = await repositories.accounts.create(user.id, {
        name: text('name') ?? '',
        type: text('type') as AccountType,
        ...(text('purpose') ? { purpose: text('purpose') } : {}),
        cashUsd: numberOption('--cash', text('cash'), AMOUNT_USD) ?? 0,
        cashInterestPct:
          numberOption('--cash-interest', text('cashInterest'), CASH_INTEREST_PCT) ?? 0,
      });
      if (options['json']) return printJson(account);
      printLine(`created account ${account.name} (${account.id})`);
    });
  accounts
    .command('list')
    .description("list a user's accounts")
    .requiredOption('--user <id>', 'owner')
    .option('--json', 'print JSON')
    .action(async (options: { user: string; json?: boolean }) => {
      const { repositories } = await context.services();
      const user = await repositories.users.get(options.user);
      const list = await repositories.accounts.list(user.id);
      if (options.json) return printJson(list);
      printLine(
        formatTable(
          ['id', 'name', 'type', 'cash'],
          list.map((account) => [account.id, account.name, account.type, money(account.cashUsd)]),
        ),
      );
    });
}

function registerPositionCommands(program: Command, context: CommandContext): void {
  const positions = program.command('positions').description('holdings in accounts');
  positions
    .command('add')
    .description('add a holding to an account')
    .requiredOption('--account <id>', 'account')
    .requiredOption('--symbol <symbol>', 'ticker, e.g. VTI or BRK.B')
    .requiredOption('--quantity <n>', 'number of shares or units (> 0)')
    .option('--json', 'print JSON')
    .action(
      async (options: { account: string; symbol: string; quantity: string; json?: boolean }) => {
        const { repositories } = await context.services();
        const userId = await repositories.accounts.findOwner(options.account);
        const position = await repositories.positions.add(userId, {
          accountId: options.account,
          symbol: options.symbol,
          quantity: numberOption('--quantity', options.quantity, QUANTITY) ?? 0,
        });
        if (options.json) return printJson(position);
        printLine(`added ${position.quantity} ${position.symbol} to account ${position.accountId}`);
      },
    );
  positions
    .command('remove')
    .description('remove a holding from an account')
    .requiredOption('--account <id>', 'account')
    .requiredOption('--symbol <symbol>', 'ticker')
    .action(async (options: { account: string; symbol: string }) => {
      const { repositories } = await context.services();
      const userId = await repositories.accounts.findOwner(options.account);
      await repositories.positions.remove(userId, options.account, options.symbol);
      printLine(`removed ${options.symbol.toUpperCase()} from account ${options.account}`);
    });
  positions
    .command('list')
    .description('list holdings of a user or of one account')
    .option('--user <id>', 'owner')
    .option('--account <id>', 'only this account')
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; account?: string; json?: boolean }) => {
      const { repositories } = await context.services();
      const userId = options.user
        ? (await repositories.users.get(options.user)).id
        : options.account
          ? await repositories.accounts.findOwner(options.account)
          : undefined;
      if (!userId) throw InputError.field('--user', 'give --user or --account');
      const list = await repositories.positions.list(userId, options.account);
      if (options.json) return printJson(list);
      printLine(
        formatTable(
          ['account', 'symbol', 'quantity'],
          list.map((position) => [position.accountId, position.symbol, String(position.quantity)]),
        ),
      );
    });
}
