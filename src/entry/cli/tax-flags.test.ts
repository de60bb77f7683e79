// alex simulate's tax flags: what they make of the plan, and errors that name the flag and rule.
import { describe, expect, it } from 'vitest';
import { simulationJsonSchema } from '../../contracts/simulation.ts';
import { InputError } from '../../errors.ts';
import { parseFlags, simulationJson } from './commands/simulate.ts';

const flags = (overrides: Record<string, unknown>) =>
  parseFlags({ json: true, simulations: '200', levers: false, ...overrides });

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('no InputError');
};

describe('alex simulate tax flags', () => {
  it('make the balance from the parts and show the split, order, rate and its source', () => {
    const json = simulationJsonSchema.parse(
      simulationJson(
        flags({
          taxable: '300000',
          taxDeferred: '600000',
          taxFree: '100000',
          spending: '60000',
          currentAge: '62',
          taxDeferredRate: '0.2',
        }),
      ),
    );
    expect(json.assumptions.balance_usd).toBe(1_000_000);
    expect(json.taxes?.balances_usd).toEqual({
      taxable: 300_000,
      tax_deferred: 600_000,
      tax_free: 100_000,
    });
    expect(json.taxes?.withdrawal_order).toBe('taxable_first');
    expect(json.taxes?.tax_deferred_rate).toBe(0.2);
    expect(json.taxes?.tax_deferred_rate_source).toBe('set by the user');
    expect(json.taxes?.not_modelled).toContain('state and local income tax');
  });

  it('default the rate to the 2024 federal average rate on the first year spending', () => {
    const json = simulationJson(
      flags({ taxDeferred: '500000', spending: '60000', currentAge: '70' }),
    );
    // Single, $60,000: (1,160 + 4,056) / 60,000.
    expect(json.taxes?.tax_deferred_rate).toBeCloseTo(5_216 / 60_000, 12);
    expect(json.taxes?.tax_deferred_rate_source).toContain('Revenue Procedure 2023-34');
    const joint = simulationJson(
      flags({
        taxDeferred: '500000',
        spending: '60000',
        currentAge: '70',
        filingStatus: 'married_joint',
      }),
    );
    // Married filing jointly, $60,000: $30,800 taxable, 2,320 + 7,600 × 12% = 3,232.
    expect(joint.taxes?.tax_deferred_rate).toBeCloseTo(3_232 / 60_000, 12);
  });

  it('leave taxes out without balances by tax treatment (one untaxed pool, as before)', () => {
    expect(simulationJson(flags({ balance: '500000' })).taxes).toBeNull();
  });

  it('refuse a rate outside 0 to 0.6, naming the flag and the rule', () => {
    for (const rate of ['0.61', '-0.1']) {
      expect(issuesOf(() => flags({ taxFree: '1000', taxDeferredRate: rate }))).toEqual([
        { field: '--tax-deferred-rate', rule: 'must be a fraction from 0 to 0.6' },
      ]);
    }
  });

  it('refuse an unknown withdrawal order', () => {
    expect(issuesOf(() => flags({ taxFree: '1000', withdrawalOrder: 'roth_first' }))).toEqual([
      { field: '--withdrawal-order', rule: 'must be one of taxable_first, proportional' },
    ]);
  });

  it('refuse parts that do not sum to --balance, and a tax flag without any part', () => {
    expect(issuesOf(() => flags({ balance: '10', taxable: '5', taxFree: '4' }))[0]?.field).toBe(
      '--balance',
    );
    expect(issuesOf(() => flags({ balance: '10', withdrawalOrder: 'proportional' }))).toEqual([
      { field: '--withdrawal-order', rule: 'applies with --taxable, --tax-deferred or --tax-free' },
    ]);
    expect(issuesOf(() => flags({}))).toEqual([{ field: '--balance', rule: 'is required' }]);
  });

  it('refuse a variable strategy and tax-deferred money without an age', () => {
    expect(issuesOf(() => flags({ taxable: '100', strategy: 'guardrails' }))[0]?.field).toBe(
      '--strategy',
    );
    expect(issuesOf(() => flags({ taxDeferred: '100' }))).toEqual([
      { field: '--current-age', rule: 'is required by --tax-deferred: RMDs start at an age' },
    ]);
  });
});
