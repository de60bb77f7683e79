import type { SimulateRequest } from '../../contracts/api.ts';
import type { PortfolioDefaults } from '../../contracts/simulation.ts';
import type { PortfolioAnalytics } from '../../core/index.ts';
import type { User } from '../../store/repositories/index.ts';

// POST /api/simulate's tax defaults: the accounts' balances by tax treatment (their
// account_type) and the profile's tax plan. A body that gives its own balance keeps the
// accounts' shares at that balance; one that gives any part by tax treatment decides alone.

const PARTS = ['taxable', 'tax_deferred', 'tax_free'] as const;

/** Whether the body gives any part of the balance by tax treatment (then they make the balance). */
export const givesTaxParts = (overrides: SimulateRequest) =>
  PARTS.some((part) => overrides[part] !== undefined);

export interface TaxDefaults {
  defaults: PortfolioDefaults;
  /** Why the accounts' tax treatment is left out of this run, when it is. */
  leftOut?: string;
}

export function taxDefaults(
  user: User,
  analytics: Pick<PortfolioAnalytics, 'accountTypes' | 'total'>,
  overrides: SimulateRequest,
  currentAge: number | undefined,
): TaxDefaults {
  const bodyParts = givesTaxParts(overrides);
  const plan = user.taxPlan;
  const planDefaults: PortfolioDefaults = {
    withdrawal_order: plan.withdrawal_order,
    filing_status: plan.filing_status,
    ...(plan.tax_deferred_rate === null ? {} : { tax_deferred_rate: plan.tax_deferred_rate }),
  };
  if (bodyParts) return { defaults: planDefaults };
  const totalCents = analytics.accountTypes.reduce((sum, slice) => sum + slice.valueCents, 0);
  if (totalCents <= 0) return { defaults: {} };
  const centsOf = (type: string) =>
    analytics.accountTypes.find((slice) => slice.key === type)?.valueCents ?? 0;
  const strategy = overrides.strategy ?? 'constant-dollar';
  if (strategy !== 'constant-dollar') {
    return {
      defaults: {},
      leftOut: `taxes are modelled with constant-dollar spending only, so this ${strategy} run treats the balance as one untaxed pool`,
    };
  }
  if (centsOf('tax_deferred') > 0 && currentAge === undefined) {
    return {
      defaults: {},
      leftOut:
        'tax-deferred accounts need an age for their required distributions; set birth_year on the profile or current_age in the body',
    };
  }
  // The accounts' shares, at the body's balance when it gives one (else their own values).
  const balance = overrides.balance;
  const part = (type: string) =>
    balance === undefined
      ? centsOf(type) / 100
      : Math.round((centsOf(type) / totalCents) * balance * 100) / 100;
  const taxable = part('taxable');
  const taxDeferred = part('tax_deferred');
  // The tax-free part takes the rounding, so the parts sum to the balance to the cent.
  const taxFree =
    balance === undefined
      ? centsOf('tax_free') / 100
      : Math.round((balance - taxable - taxDeferred) * 100) / 100;
  return {
    defaults: {
      taxable,
      tax_deferred: taxDeferred,
      tax_free: Math.max(0, taxFree),
      ...planDefaults,
    },
  };
}
