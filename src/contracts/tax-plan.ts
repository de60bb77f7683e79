import { z } from 'zod';

// How the user's money is taxed in the retirement projection (issue 16, "Taxes"), as the profile
// stores it and the API shows it. The balances by tax treatment come from the accounts'
// account_type; this holds the choices that are not in the accounts.

/** `taxable_first`: taxable, then tax-deferred, then tax-free. `proportional`: a share of each. */
export const WITHDRAWAL_ORDERS = ['taxable_first', 'proportional'] as const;
export type WithdrawalOrderName = (typeof WITHDRAWAL_ORDERS)[number];

/** Filing statuses of the simple federal bracket model (the default rate). */
export const FILING_STATUSES = ['single', 'married_joint'] as const;
export type FilingStatusName = (typeof FILING_STATUSES)[number];

/** The flat rate on tax-deferred withdrawals: a fraction from 0 to 0.6. */
export const TAX_DEFERRED_RATE_RANGE = { min: 0, max: 0.6 } as const;

export const taxPlanSchema = z
  .object({
    filing_status: z.enum(FILING_STATUSES).default('single').meta({
      description: 'for the default rate: single or married_joint (married filing jointly)',
    }),
    withdrawal_order: z.enum(WITHDRAWAL_ORDERS).default('taxable_first').meta({
      description: 'taxable_first (taxable, then tax-deferred, then tax-free) or proportional',
    }),
    tax_deferred_rate: z
      .number()
      .min(TAX_DEFERRED_RATE_RANGE.min)
      .max(TAX_DEFERRED_RATE_RANGE.max)
      .nullable()
      .default(null)
      .meta({
        description:
          'flat effective rate (0-0.6) on tax-deferred withdrawals; null: from the 2024 federal brackets',
      }),
  })
  .strict()
  .meta({ id: 'TaxPlan' });
export type TaxPlan = z.output<typeof taxPlanSchema>;

export const DEFAULT_TAX_PLAN: TaxPlan = {
  filing_status: 'single',
  withdrawal_order: 'taxable_first',
  tax_deferred_rate: null,
};
