import { requiredDistributionUsd } from '../tax/required-distributions.ts';
import type { TaxOptions } from './types.ts';

// The balance by tax treatment in retirement: taxable, tax-deferred (traditional IRA, 401(k))
// and tax-free (Roth). Simplifications, stated in the README ("Taxes"):
// - every bucket earns the portfolio's return: the same asset mix in each, so where an asset is
//   held (asset location) is not modelled;
// - before retirement the balance is one pool whose shares stay those of today (saving and
//   outside flows are split in the same shares), so the split at retirement is today's;
// - a tax-deferred withdrawal of g dollars gives g·(1 − r) to spend, r the flat effective rate;
//   taxable withdrawals are taken as tax-free (cost basis and capital-gains tax not modelled).
// Spending, income streams and every figure the engine compares are after tax.
// One consequence, worth knowing: with one flat rate and one return, every withdrawal lowers the
// after-tax value A + D·(1 − r) + F by exactly what it pays, and an RMD only moves value from D to
// A. So success and sustainable spending depend on the after-tax value at retirement, not on the
// withdrawal order or the RMDs; those change where the money sits and when tax is paid.

const ORDER_PROPORTIONAL = 1;

/**
 * The three balances of the path being run, in today's dollars. One object per run, reused for
 * every path and year: no allocation in the loop.
 */
export class TaxBuckets {
  taxable = 0;
  taxDeferred = 0;
  taxFree = 0;
  /** Tax paid on tax-deferred withdrawals along the path (today's dollars, summed undiscounted). */
  taxPaid = 0;
  /** Required distributions taken along the path, gross. */
  requiredTotal = 0;
  private readonly options: TaxOptions;
  private readonly keep: number;
  private readonly order: number;

  constructor(options: TaxOptions) {
    this.options = options;
    this.keep = 1 - options.taxDeferredRate;
    this.order = options.order === 'proportional' ? ORDER_PROPORTIONAL : 0;
  }

  /** Splits the balance at retirement by today's shares; returns its after-tax value. */
  start(balance: number): number {
    const { shares } = this.options;
    this.taxable = shares.taxable * balance;
    this.taxDeferred = shares.taxDeferred * balance;
    this.taxFree = shares.taxFree * balance;
    this.taxPaid = 0;
    this.requiredTotal = 0;
    return this.afterTaxValue();
  }

  /** What the balances can pay for: tax-deferred dollars net of the rate. */
  afterTaxValue(): number {
    return this.taxable + this.taxDeferred * this.keep + this.taxFree;
  }

  total(): number {
    return this.taxable + this.taxDeferred + this.taxFree;
  }

  grow(growth: number): void {
    this.taxable *= growth;
    this.taxDeferred *= growth;
    this.taxFree *= growth;
  }

  /**
   * One year's withdrawal of `need` after-tax dollars (negative: a surplus of income, invested in
   * the taxable bucket) at `age`, at most the after-tax value. The RMD is taken first; what it
   * pays after tax meets the need, and the rest lands in the taxable bucket. The remaining need
   * comes from the buckets in the order chosen.
   */
  withdraw(need: number, age: number): void {
    const rate = this.options.taxDeferredRate;
    const startAge = this.options.rmdStartAge;
    const required =
      startAge === null ? 0 : requiredDistributionUsd(this.taxDeferred, age, startAge);
    if (required > 0) {
      this.taxDeferred -= required;
      this.taxPaid += required * rate;
      this.requiredTotal += required;
      const proceeds = required * this.keep;
      const used = Math.min(Math.max(need, 0), proceeds);
      this.taxable += proceeds - used;
      need -= used;
    }
    if (need < 0) {
      this.taxable -= need;
      return;
    }
    if (need === 0) return;
    if (this.order === ORDER_PROPORTIONAL) this.withdrawProportionally(need, rate);
    else this.withdrawTaxableFirst(need, rate);
  }

  /** Taxable, then tax-deferred (grossed up), then tax-free. */
  private withdrawTaxableFirst(need: number, rate: number): void {
    const fromTaxable = Math.min(need, this.taxable);
    this.taxable -= fromTaxable;
    need -= fromTaxable;
    if (need <= 0) return;
    const gross = Math.min(need / this.keep, this.taxDeferred);
    this.taxDeferred -= gross;
    this.taxPaid += gross * rate;
    need -= gross * this.keep;
    if (need <= 0) return;
    this.taxFree -= Math.min(need, this.taxFree);
  }

  /** The same share of every bucket, so that the after-tax total is the need. */
  private withdrawProportionally(need: number, rate: number): void {
    const value = this.afterTaxValue();
    const share = value > 0 ? Math.min(1, need / value) : 0;
    const gross = share * this.taxDeferred;
    this.taxable -= share * this.taxable;
    this.taxDeferred -= gross;
    this.taxFree -= share * this.taxFree;
    this.taxPaid += gross * rate;
  }
}
