// The tax model in the simulation's text and JSON: split, order, rate and source, not modelled.
import { describe, expect, it } from 'vitest';
import { simulateRetirement } from './simulate.ts';
import { renderSimulationText } from './simulation-text.ts';
import { taxesJson } from './tax-report.ts';
import { planOptions } from './test-options.ts';

const taxed = planOptions({
  simulations: 200,
  currentAgeYears: 70,
  balanceUsd: 1_000_000,
  spending: { kind: 'amount', annualUsd: 40_000 },
  taxes: {
    shares: { taxable: 0.25, taxDeferred: 0.5, taxFree: 0.25 },
    order: 'proportional',
    taxDeferredRate: 0.22,
    rateSource: 'set by the user',
    rmdStartAge: 73,
  },
});

describe('the tax model in the output', () => {
  it('says spending is after tax and shows the split, order, rate, RMD age and what is left out', () => {
    const text = renderSimulationText(taxed, simulateRetirement(taxed), [], null);
    expect(text).toContain('Taxes: spending is after tax (success means it was paid in full)');
    expect(text).toContain(
      'taxable $250,000, tax-deferred $500,000, tax-free $250,000; withdrawals the same share of every bucket each year',
    );
    expect(text).toContain('taxed at 22.0% (set by the user); RMDs from age 73');
    expect(text).toContain('Not modelled: state and local income tax');
  });

  it('gives RMDs from 73 in the JSON for a 70-year-old: some paths take them', () => {
    const json = taxesJson(taxed, simulateRetirement(taxed));
    expect(json?.rmd_start_age).toBe(73);
    expect(json?.required_distributions.p50).toBeGreaterThan(0);
    expect(json?.not_modelled).toContain('Roth conversions');
  });

  it('is null and absent from the text without taxes', () => {
    const { taxes: _taxes, ...plain } = taxed;
    const result = simulateRetirement(plain);
    expect(taxesJson(plain, result)).toBeNull();
    expect(renderSimulationText(plain, result, [], null)).not.toContain('Taxes:');
  });
});
