import type { Command } from 'commander';
import { z } from 'zod';
import { taxPlanSchema, type TaxPlan } from '../../../contracts/tax-plan.ts';
import { InputError } from '../../../errors.ts';
import type { CommandContext } from '../context.ts';
import { printJson, printLine } from '../output.ts';
import { taxFlagsShape } from '../tax-flags.ts';

interface TaxPlanFlags {
  user: string;
  withdrawalOrder?: string;
  taxDeferredRate?: string;
  filingStatus?: string;
  defaultRate?: boolean;
  json?: boolean;
}

const flagsSchema = z.object({
  withdrawalOrder: taxFlagsShape.withdrawalOrder,
  taxDeferredRate: taxFlagsShape.taxDeferredRate,
  filingStatus: taxFlagsShape.filingStatus,
});

const FLAG_NAMES: Record<string, string> = {
  withdrawalOrder: '--withdrawal-order',
  taxDeferredRate: '--tax-deferred-rate',
  filingStatus: '--filing-status',
};

/** One line: "single; taxable first; tax-deferred rate 22.0% (set)". */
export function describeTaxPlan(plan: TaxPlan): string {
  const rate =
    plan.tax_deferred_rate === null
      ? 'tax-deferred rate from the 2024 federal brackets'
      : `tax-deferred rate ${(plan.tax_deferred_rate * 100).toFixed(1)}% (set)`;
  return `filing ${plan.filing_status}; withdrawals ${plan.withdrawal_order}; ${rate}`;
}

/**
 * `alex users taxes`: the profile's tax plan (filing status, withdrawal order, tax-deferred
 * rate), which POST /api/simulate and the Retirement agent use with the accounts' tax types.
 * Flags not given keep their stored value.
 */
export function registerUserTaxesCommand(users: Command, context: CommandContext): void {
  users
    .command('taxes')
    .description(
      "set how a user's retirement projection taxes withdrawals (the accounts give the split)",
    )
    .requiredOption('--user <id>', 'whose profile')
    .option('--withdrawal-order <order>', 'taxable_first | proportional')
    .option('--tax-deferred-rate <r>', 'flat rate (0-0.6) on tax-deferred withdrawals')
    .option('--default-rate', 'use the rate from the 2024 federal brackets again')
    .option('--filing-status <status>', 'single | married_joint (for the default rate)')
    .option('--json', 'print JSON')
    .action(async (flags: TaxPlanFlags) => {
      // Flags are checked before the database is opened: a typo writes nothing.
      const parsed = flagsSchema.safeParse(flags);
      if (!parsed.success) {
        throw new InputError(
          parsed.error.issues.map((issue) => ({
            field: FLAG_NAMES[String(issue.path[0])] ?? '--withdrawal-order',
            rule: issue.message,
          })),
        );
      }
      if (flags.defaultRate && parsed.data.taxDeferredRate !== undefined) {
        throw InputError.field('--default-rate', 'do not give --tax-deferred-rate with it');
      }
      const { repositories } = await context.services();
      const stored = (await repositories.users.get(flags.user)).taxPlan;
      const plan = taxPlanSchema.parse({
        filing_status: parsed.data.filingStatus ?? stored.filing_status,
        withdrawal_order: parsed.data.withdrawalOrder ?? stored.withdrawal_order,
        tax_deferred_rate: flags.defaultRate
          ? null
          : (parsed.data.taxDeferredRate ?? stored.tax_deferred_rate),
      });
      const user = await repositories.users.update(flags.user, { taxPlan: plan });
      if (flags.json) return printJson(user.taxPlan);
      printLine(`${user.displayName}: ${describeTaxPlan(user.taxPlan)}`);
    });
}
