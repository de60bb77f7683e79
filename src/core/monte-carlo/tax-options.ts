import type { FilingStatusName, WithdrawalOrderName } from '../../contracts/tax-plan.ts';
import { defaultTaxDeferredRate } from '../tax/effective-rate.ts';
import { rmdStartAge } from '../tax/required-distributions.ts';
import type { TaxOptions } from './types.ts';

/** The balances by tax treatment and the choices of a plan, as the CLI, API and agent have them. */
export interface TaxInputs {
  taxableUsd: number;
  taxDeferredUsd: number;
  taxFreeUsd: number;
  order: WithdrawalOrderName;
  /** The user's rate, or null for the default from the 2024 federal brackets. */
  taxDeferredRate: number | null;
  filingStatus: FilingStatusName;
  /** Sets the default rate: the first year's (after-tax) spending. */
  firstYearSpendingUsd: number;
  /** For the RMD age; null only without tax-deferred money (no RMDs to time). */
  birthYear: number | null;
}

/**
 * The engine's tax options from balances in dollars: their shares, the order, the rate (the
 * user's, or the default and where it comes from) and the RMD age. One implementation for
 * `alex simulate`, POST /api/simulate and the Retirement agent.
 */
export function taxOptionsFrom(inputs: TaxInputs): TaxOptions {
  const total = inputs.taxableUsd + inputs.taxDeferredUsd + inputs.taxFreeUsd;
  const share = (usd: number) => (total > 0 ? usd / total : 0);
  const taxable = share(inputs.taxableUsd);
  const taxDeferred = share(inputs.taxDeferredUsd);
  // The tax-free share takes the rounding, so the shares sum to 1 (all tax-free with no money).
  const taxFree = total > 0 ? Math.max(0, 1 - taxable - taxDeferred) : 1;
  if (taxDeferred > 0 && inputs.birthYear === null) {
    throw new RangeError('tax-deferred money needs a birth year (RMDs start at an age)');
  }
  const fallback = defaultTaxDeferredRate(inputs.firstYearSpendingUsd, inputs.filingStatus);
  return {
    shares: { taxable, taxDeferred, taxFree },
    order: inputs.order,
    taxDeferredRate: inputs.taxDeferredRate ?? fallback.rate,
    rateSource: inputs.taxDeferredRate === null ? fallback.source : 'set by the user',
    rmdStartAge: inputs.birthYear === null ? null : rmdStartAge(inputs.birthYear),
  };
}
