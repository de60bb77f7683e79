// The balance by tax treatment, against cases computed by hand (issue 16, "Taxes").
import { describe, expect, it } from 'vitest';
import { computeLevers } from './levers.ts';
import { simulateRetirement } from './simulate.ts';
import { TaxBuckets } from './tax-buckets.ts';
import { planOptions } from './test-options.ts';
import type { SimulationResult, TaxOptions } from './types.ts';

const taxes = (overrides: Partial<TaxOptions> = {}): TaxOptions => ({
  shares: { taxable: 0, taxDeferred: 0, taxFree: 1 },
  order: 'taxable_first',
  taxDeferredRate: 0.25,
  rmdStartAge: 75,
  rateSource: 'set for the test',
  ...overrides,
});

// One asset returning exactly 0% real every year, no inflation: every path is the same.
const zeroReturnWorld = {
  singleAsset: { meanReturn: 0, volatility: 0 },
  inflationRate: 0,
  simulations: 10,
};

const withoutTaxes = ({ taxes: _taxes, ...rest }: SimulationResult) => rest;

describe('all money tax-free', () => {
  it("gives exactly today's engine's results for the same seed", () => {
    for (const withdrawalTiming of ['start', 'end'] as const) {
      const plain = planOptions({ withdrawalTiming, currentAgeYears: 60, yearsToRetirement: 5 });
      const taxed = simulateRetirement({ ...plain, taxes: taxes() });
      expect(withoutTaxes(taxed)).toEqual(withoutTaxes(simulateRetirement(plain)));
      expect(taxed.taxes?.taxPaid.mean).toBe(0);
    }
  });
});

describe('all money tax-deferred, zero returns and inflation, rate r', () => {
  // B = 1,000,000, r = 0.25, S = 50,000: B(1 − r)/S = 15 years (20 without tax). RMDs from 75
  // (ages 60 to 75 here) move money to the taxable bucket but do not change how long it lasts.
  const plan = (retirementYears: number) =>
    planOptions({
      ...zeroReturnWorld,
      currentAgeYears: 60,
      retirementYears,
      spending: { kind: 'amount', annualUsd: 50_000 },
      taxes: taxes({ shares: { taxable: 0, taxDeferred: 1, taxFree: 0 } }),
    });

  it('lasts exactly B(1 − r)/S years', () => {
    const fifteen = simulateRetirement(plan(15));
    expect(fifteen.successProbability).toBe(1);
    // All of B was withdrawn, so all of B was taxed at r.
    expect(fifteen.taxes?.taxPaid.p50).toBeCloseTo(250_000, 6);
    const sixteen = simulateRetirement(plan(16));
    expect(sixteen.successProbability).toBe(0);
    expect(sixteen.depletionHistogram).toEqual([{ retirementYear: 15, age: 75, count: 10 }]);
  });

  it('quotes sustainable spending after tax: B(1 − r)/n', () => {
    const result = simulateRetirement(plan(15));
    expect(result.sustainable.spendingUsd).toBeCloseTo(50_000, 6);
    expect(result.sustainable.withdrawalRate).toBeCloseTo(0.05, 12);
  });
});

describe('withdrawal order', () => {
  it('taxable_first empties the taxable bucket before the tax-deferred one is touched', () => {
    const plan = (retirementYears: number) =>
      simulateRetirement(
        planOptions({
          ...zeroReturnWorld,
          balanceUsd: 100_000,
          currentAgeYears: 60,
          retirementYears,
          spending: { kind: 'amount', annualUsd: 10_000 },
          taxes: taxes({
            shares: { taxable: 0.5, taxDeferred: 0.5, taxFree: 0 },
            taxDeferredRate: 0.2,
          }),
        }),
      ).taxes!.atEnd;
    // Five years of 10,000 use the 50,000 taxable exactly; the tax-deferred 50,000 is untouched.
    expect(plan(5).taxable.p50).toBeCloseTo(0, 9);
    expect(plan(5).taxDeferred.p50).toBeCloseTo(50_000, 9);
    // Two more years take 20,000 after tax: 25,000 gross at a 20% rate.
    expect(plan(7).taxDeferred.p50).toBeCloseTo(25_000, 9);
  });

  it('taxable_first, step by step: taxable, then tax-deferred grossed up, then tax-free', () => {
    const buckets = new TaxBuckets(
      taxes({ shares: { taxable: 0.3, taxDeferred: 0.5, taxFree: 0.2 }, taxDeferredRate: 0.2 }),
    );
    expect(buckets.start(100_000)).toBeCloseTo(30_000 + 40_000 + 20_000, 9);
    buckets.withdraw(40_000, 60);
    expect(buckets.taxable).toBe(0);
    // 10,000 after tax from tax-deferred: 12,500 gross, 2,500 tax.
    expect(buckets.taxDeferred).toBeCloseTo(37_500, 9);
    expect(buckets.taxFree).toBe(20_000);
    expect(buckets.taxPaid).toBeCloseTo(2_500, 9);
  });

  it('proportional takes the same share of every bucket', () => {
    const buckets = new TaxBuckets(
      taxes({
        shares: { taxable: 0.3, taxDeferred: 0.5, taxFree: 0.2 },
        taxDeferredRate: 0.2,
        order: 'proportional',
      }),
    );
    buckets.start(100_000);
    // After-tax value 90,000; 45,000 is half of it, so half of each bucket goes.
    buckets.withdraw(45_000, 60);
    expect(buckets.taxable).toBeCloseTo(15_000, 9);
    expect(buckets.taxDeferred).toBeCloseTo(25_000, 9);
    expect(buckets.taxFree).toBeCloseTo(10_000, 9);
    expect(buckets.taxPaid).toBeCloseTo(5_000, 9);
  });
});

describe('required minimum distributions', () => {
  it('at 75 take B / 24.6; what exceeds spending is taxed and lands in taxable', () => {
    const buckets = new TaxBuckets(
      taxes({ shares: { taxable: 0, taxDeferred: 1, taxFree: 0 }, taxDeferredRate: 0.25 }),
    );
    buckets.start(246_000);
    // RMD 10,000 gross, 7,500 after tax; spending needs 5,000; 2,500 goes to taxable.
    buckets.withdraw(5_000, 75);
    expect(buckets.requiredTotal).toBeCloseTo(10_000, 9);
    expect(buckets.taxDeferred).toBeCloseTo(236_000, 9);
    expect(buckets.taxable).toBeCloseTo(2_500, 9);
    expect(buckets.taxPaid).toBeCloseTo(2_500, 9);
  });

  it('are not taken before the start age', () => {
    const buckets = new TaxBuckets(
      taxes({ shares: { taxable: 0.5, taxDeferred: 0.5, taxFree: 0 }, rmdStartAge: 75 }),
    );
    buckets.start(100_000);
    buckets.withdraw(5_000, 74);
    expect(buckets.requiredTotal).toBe(0);
    expect(buckets.taxDeferred).toBe(50_000);
  });
});

describe('the levers and the sustainable-spending solver', () => {
  it('use the same tax model as the plan', () => {
    const options = planOptions({
      currentAgeYears: 60,
      simulations: 500,
      spending: { kind: 'amount', annualUsd: 45_000 },
      taxes: taxes({ shares: { taxable: 0.2, taxDeferred: 0.8, taxFree: 0 } }),
    });
    const plan = simulateRetirement(options);
    const spendLess = computeLevers(options, plan.successProbability).find(
      (lever) => lever.lever === 'spend_less',
    );
    const taxedCut = simulateRetirement({
      ...options,
      spending: { kind: 'amount', annualUsd: 45_000 * 0.9 },
    });
    expect(spendLess?.successProbability).toBe(taxedCut.successProbability);
    const { taxes: _taxes, ...untaxed } = options;
    // Taxes lower what the balance can pay: the lever's answer is not the untaxed one.
    expect(spendLess?.successProbability).toBeLessThan(
      simulateRetirement({ ...untaxed, spending: { kind: 'amount', annualUsd: 40_500 } })
        .successProbability,
    );
    // Sustainable spending after tax: the untaxed figure scaled by the after-tax share.
    const untaxedPlan = simulateRetirement(untaxed);
    expect(plan.sustainable.spendingUsd).toBeCloseTo(
      untaxedPlan.sustainable.spendingUsd * (0.2 + 0.8 * 0.75),
      6,
    );
  });
});
