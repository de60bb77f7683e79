// The accounts' tax treatment through the Retirement agent's plan, facts, payload and text.
import { describe, expect, it } from 'vitest';
import { testPortfolio } from '../../core/portfolio/test-portfolio.ts';
import { engineFacts, unmatchedFigures } from './engine-facts.ts';
import { narrativeMarkdown } from './to-payload.ts';
import { writeRetirementNarrative } from './offline-writer.ts';
import { projectRetirement } from './projection.ts';
import { planFromSnapshot } from './retirement-plan.ts';
import { testSnapshot } from './test-snapshot.ts';
import { toRetirementPayload } from './to-payload.ts';

// The test portfolio with its Roth IRA made a traditional IRA: $4,950 taxable, $1,850
// tax-deferred.
const base = testPortfolio();
const withIra = testPortfolio({
  accounts: base.accounts.map((account) =>
    account.type === 'tax_free' ? { ...account, type: 'tax_deferred' as const } : account,
  ),
});

describe('taxes in the retirement plan', () => {
  it('split the balance by account type, at the profile rate, with the RMD age of the birth year', () => {
    const snapshot = testSnapshot(
      {
        taxPlan: {
          filing_status: 'single',
          withdrawal_order: 'taxable_first',
          tax_deferred_rate: 0.22,
        },
      },
      withIra,
    );
    const plan = planFromSnapshot(snapshot, { simulations: 500, seed: 3 });
    // Born 2026 − 40 = 1986: RMDs from 75.
    expect(plan.simulation.taxes).toMatchObject({
      order: 'taxable_first',
      taxDeferredRate: 0.22,
      rateSource: 'set by the user',
      rmdStartAge: 75,
    });
    expect(plan.simulation.taxes?.shares.taxDeferred).toBeCloseTo(1_850 / 6_800, 12);
    const projection = projectRetirement(plan, 2026);
    const payload = toRetirementPayload(projection, 'text', 'offline', new Date(0));
    const taxes = payload.assumptions['taxes'] as { balances_usd: Record<string, number> };
    expect(taxes.balances_usd).toEqual({ taxable: 4_950, tax_deferred: 1_850, tax_free: 0 });
    expect(payload.assumptions['not_modelled']).toContain('state and local income tax');
    expect(payload.assumptions['not_modelled']).not.toContain('taxes');
    const text = narrativeMarkdown(writeRetirementNarrative(projection));
    expect(text).toContain('tax-deferred withdrawals are taxed at a flat 22%');
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
  });

  it('default the rate to the 2024 federal brackets on the target spending', () => {
    const plan = planFromSnapshot(testSnapshot({}, withIra), { simulations: 200, seed: 3 });
    // Single, $60,000: (1,160 + 4,056) / 60,000.
    expect(plan.simulation.taxes?.taxDeferredRate).toBeCloseTo(5_216 / 60_000, 12);
    expect(plan.simulation.taxes?.rateSource).toContain('Revenue Procedure 2023-34');
  });

  it('are left out, and said to be, with tax-deferred money and no age in the profile', () => {
    const plan = planFromSnapshot(testSnapshot({ currentAge: null }, withIra), {
      simulations: 200,
      seed: 3,
    });
    expect(plan.simulation.taxes).toBeUndefined();
    expect(plan.taxesLeftOut).toContain('no birth year');
    const text = narrativeMarkdown(writeRetirementNarrative(projectRetirement(plan, 2026)));
    expect(text).toContain('Taxes are left out');
  });
});
