import { z } from 'zod';
import { AMOUNT_USD, rangeSchema } from '../../contracts/limits.ts';
import {
  FILING_STATUSES,
  TAX_DEFERRED_RATE_RANGE,
  WITHDRAWAL_ORDERS,
} from '../../contracts/tax-plan.ts';
import { taxOptionsFrom, type TaxOptions } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { FLAG_NAMES, type InputNames } from './input-names.ts';
import { decimalFlagSchema } from './options.ts';

// `alex simulate`'s tax flags (issue 16): the balance by tax treatment, the withdrawal order, the
// rate on tax-deferred withdrawals and the filing status its default is computed for. Without
// any balance by tax treatment the balance is one untaxed pool, as before.

const dollars = () => decimalFlagSchema.pipe(rangeSchema(AMOUNT_USD));

export const taxFlagsShape = {
  taxable: dollars().optional(),
  taxDeferred: dollars().optional(),
  taxFree: dollars().optional(),
  withdrawalOrder: z
    .enum(WITHDRAWAL_ORDERS, {
      error: `must be one of ${WITHDRAWAL_ORDERS.join(', ')}`,
    })
    .optional(),
  taxDeferredRate: decimalFlagSchema
    .pipe(
      z
        .number()
        .min(TAX_DEFERRED_RATE_RANGE.min, {
          error: `must be a fraction from ${TAX_DEFERRED_RATE_RANGE.min} to ${TAX_DEFERRED_RATE_RANGE.max}`,
        })
        .max(TAX_DEFERRED_RATE_RANGE.max, {
          error: `must be a fraction from ${TAX_DEFERRED_RATE_RANGE.min} to ${TAX_DEFERRED_RATE_RANGE.max}`,
        }),
    )
    .optional(),
  filingStatus: z
    .enum(FILING_STATUSES, { error: `must be one of ${FILING_STATUSES.join(', ')}` })
    .optional(),
};

export interface TaxFlags {
  balance?: number | undefined;
  taxable?: number | undefined;
  taxDeferred?: number | undefined;
  taxFree?: number | undefined;
  withdrawalOrder?: (typeof WITHDRAWAL_ORDERS)[number] | undefined;
  taxDeferredRate?: number | undefined;
  filingStatus?: (typeof FILING_STATUSES)[number] | undefined;
  currentAge?: number | undefined;
  strategy: string;
}

export const TAX_HELP_NOTES = `
Taxes: give the balance by tax treatment with --taxable, --tax-deferred and --tax-free (they make
--balance, or must sum to it). Spending is then AFTER tax and success means it was paid in full.
Withdrawals follow --withdrawal-order (taxable_first: taxable, then tax-deferred, then tax-free;
or proportional); tax-deferred withdrawals are grossed up by --tax-deferred-rate (0-0.6), by
default the average 2024 federal rate (IRS Rev. Proc. 2023-34, standard deduction, --filing-status
single | married_joint) on an income equal to the first year's spending. RMDs (Uniform Lifetime
Table, from 73, or 75 if born 1960 or later) need --current-age; an RMD above the spending need is
taxed and the rest invested in the taxable bucket. Every bucket earns the same return; state tax,
capital gains, Roth conversions, Social Security taxation, IRMAA and early-withdrawal penalties are
not modelled. Constant-dollar spending only.`;

const given = (flags: TaxFlags) =>
  flags.taxable !== undefined || flags.taxDeferred !== undefined || flags.taxFree !== undefined;

/**
 * The checked balance (the tax balances' sum when the balance is left out). Errors name the
 * input and the rule, in the caller's names (the CLI's flags, the API's fields).
 */
export function checkTaxFlags(flags: TaxFlags, names: InputNames = FLAG_NAMES): number {
  const parts = `${names.of('taxable')}, ${names.of('taxDeferred')} or ${names.of('taxFree')}`;
  if (!given(flags)) {
    for (const [key, value] of [
      ['withdrawalOrder', flags.withdrawalOrder],
      ['taxDeferredRate', flags.taxDeferredRate],
      ['filingStatus', flags.filingStatus],
    ] as const) {
      if (value !== undefined) throw InputError.field(names.of(key), `applies with ${parts}`);
    }
    if (flags.balance === undefined) throw InputError.field(names.of('balance'), 'is required');
    return flags.balance;
  }
  const sum = (flags.taxable ?? 0) + (flags.taxDeferred ?? 0) + (flags.taxFree ?? 0);
  // Within a cent: the API passes the accounts' values, summed in cents, beside their total.
  if (flags.balance !== undefined && Math.abs(sum - flags.balance) > 0.01) {
    throw InputError.field(
      names.of('balance'),
      `must equal ${names.of('taxable')} + ${names.of('taxDeferred')} + ${names.of('taxFree')} ` +
        `(${sum}) when both are given`,
    );
  }
  if (flags.strategy !== 'constant-dollar') {
    throw InputError.field(
      names.of('strategy'),
      `taxes are modelled with constant-dollar spending only; ${flags.strategy} sets spending ` +
        'from the balance, and whether from its value before or after tax is not modelled',
    );
  }
  if ((flags.taxDeferred ?? 0) > 0 && flags.currentAge === undefined) {
    throw InputError.field(
      names.of('currentAge'),
      `is required by ${names.of('taxDeferred')}: RMDs start at an age`,
    );
  }
  return flags.balance ?? sum;
}

/**
 * The engine's tax options, or undefined without tax balances. `firstYearSpendingUsd` sets the
 * default rate; `currentYear` turns the age into a birth year for the RMD age.
 */
export function taxOptionsOf(
  flags: TaxFlags,
  firstYearSpendingUsd: number,
  currentYear: number,
): TaxOptions | undefined {
  if (!given(flags)) return undefined;
  return taxOptionsFrom({
    taxableUsd: flags.taxable ?? 0,
    taxDeferredUsd: flags.taxDeferred ?? 0,
    taxFreeUsd: flags.taxFree ?? 0,
    order: flags.withdrawalOrder ?? 'taxable_first',
    taxDeferredRate: flags.taxDeferredRate ?? null,
    filingStatus: flags.filingStatus ?? 'single',
    firstYearSpendingUsd,
    birthYear: flags.currentAge === undefined ? null : currentYear - flags.currentAge,
  });
}
