import type { PathResults } from './engine.ts';
import { mean, percentilesInPlace } from './statistics.ts';
import { TAX_DEFERRED_RATE_RANGE } from '../../contracts/tax-plan.ts';
import type { SimulationOptions, TaxOutcome } from './types.ts';
import { WITHDRAWAL_ORDERS } from './types.ts';

const MAX_TAX_DEFERRED_RATE = TAX_DEFERRED_RATE_RANGE.max;

/** Shares of the balance by tax treatment must sum to 1 within this tolerance. */
const SHARE_SUM_TOLERANCE = 1e-6;

/** The tax model's results across paths. Reorders the result's tax arrays (read once). */
export function taxOutcome(results: PathResults): TaxOutcome {
  const spread = (values: Float64Array) => {
    const average = mean(values);
    const { p10, p50, p90 } = percentilesInPlace(values);
    return { p10, p50, p90, mean: average };
  };
  return {
    atEnd: {
      taxable: percentilesInPlace(results.endTaxable),
      taxDeferred: percentilesInPlace(results.endTaxDeferred),
      taxFree: percentilesInPlace(results.endTaxFree),
    },
    taxPaid: spread(results.taxPaid),
    requiredDistributions: spread(results.requiredDistributions),
  };
}

/** Programming errors only: the CLI and the API validate user input before this. */
export function checkTaxes(
  options: Pick<SimulationOptions, 'taxes' | 'strategy' | 'currentAgeYears'>,
): void {
  const taxes = options.taxes;
  if (!taxes) return;
  const { taxable, taxDeferred, taxFree } = taxes.shares;
  for (const share of [taxable, taxDeferred, taxFree]) {
    if (!(share >= 0 && share <= 1)) throw new RangeError('tax shares must be between 0 and 1');
  }
  if (Math.abs(taxable + taxDeferred + taxFree - 1) > SHARE_SUM_TOLERANCE) {
    throw new RangeError('tax shares must sum to 1');
  }
  if (!(taxes.taxDeferredRate >= 0 && taxes.taxDeferredRate <= MAX_TAX_DEFERRED_RATE)) {
    throw new RangeError(`taxDeferredRate must be between 0 and ${MAX_TAX_DEFERRED_RATE}`);
  }
  if (!WITHDRAWAL_ORDERS.includes(taxes.order)) throw new RangeError('unknown withdrawal order');
  // A variable strategy sets spending from the balance; whether from its gross or after-tax
  // value is a modelling choice not made yet, so taxes are refused rather than half-modelled.
  if (options.strategy !== 'constant-dollar') {
    throw new RangeError('taxes are modelled with constant-dollar spending only');
  }
  if (taxDeferred > 0 && options.currentAgeYears === undefined) {
    throw new RangeError('tax-deferred money needs currentAgeYears (RMDs start at an age)');
  }
}
