import { describe, expect, it } from 'vitest';
import { testPortfolio } from '../../core/portfolio/test-portfolio.ts';
import { InputError } from '../../errors.ts';
import type { LoadedPortfolio } from '../../store/repositories/index.ts';
import { simulateForCaller } from './simulate-request.ts';

// POST /api/simulate's use of the profile's income streams, without a server (the route only
// parses the body and calls this).
const loaded: LoadedPortfolio = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    externalId: 'local',
    displayName: 'Ann',
    birthYear: 1966,
    sex: null,
    planToAge: null,
    yearsUntilRetirement: 0,
    targetRetirementIncomeUsd: 50_000,
    annualContributionUsd: 0,
    assetClassTargets: {},
    regionTargets: {},
    xrayThresholds: {},
    incomePlan: {
      spouse_birth_year: null,
      streams: [
        {
          kind: 'pension',
          person: 'self',
          start_age: 60,
          years: null,
          annual_usd: 50_000,
          inflation_indexed: true,
          note: 'test pension',
        },
      ],
    },
    taxPlan: {
      filing_status: 'single',
      withdrawal_order: 'taxable_first',
      tax_deferred_rate: null,
    },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  portfolio: testPortfolio(),
};
const base = { current_age: 60, simulations: 200, levers: false };
const flowsOf = (answer: Record<string, unknown>) =>
  (answer['assumptions'] as { cash_flows: unknown[] }).cash_flows;

describe('POST /api/simulate and the profile’s income streams', () => {
  it('uses them: a pension equal to the target spending makes success 100%', async () => {
    const answer = await simulateForCaller(loaded, base);
    expect(answer['success_probability']).toBe(100);
    expect(flowsOf(answer)).toHaveLength(1);
    expect(answer['portfolio_defaults']).toMatchObject({ income_plan: loaded.user.incomePlan });
  });

  it('leaves them out when the body gives streams of its own, even none', async () => {
    const answer = await simulateForCaller(loaded, { ...base, pension: [] });
    expect(flowsOf(answer)).toEqual([]);
    expect(answer['success_probability']).toBeLessThan(100);
  });

  it('leaves them out with a variable strategy, and says so', async () => {
    const answer = await simulateForCaller(loaded, { ...base, strategy: 'guardrails' });
    expect(flowsOf(answer)).toEqual([]);
    expect(String(answer['income_streams_left_out'])).toContain(
      'constant-dollar spending only, so this guardrails run leaves them out',
    );
  });

  it('refuses streams given with a variable strategy, naming the body field', async () => {
    const refused = await simulateForCaller(loaded, {
      ...base,
      strategy: 'guardrails',
      income: ['61:1000'],
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues[0]?.field).toBe('income');
  });
});

describe('POST /api/simulate and the life table', () => {
  const withoutStreams: LoadedPortfolio = {
    ...loaded,
    user: { ...loaded.user, incomePlan: { spouse_birth_year: null, streams: [] } },
  };
  const longevityOf = (answer: Record<string, unknown>) =>
    answer['longevity'] as { sex: string | null; plan_to_age: number; horizon_rule: string };

  it("reads the profile's sex and plans to the table's 10% age by default", async () => {
    const woman = { ...withoutStreams, user: { ...withoutStreams.user, sex: 'female' as const } };
    const answer = await simulateForCaller(woman, base);
    // A woman of 60: l(96) / l(60) = 9,877 / 91,080 = 10.8%, l(97) 8.3% (the shipped table).
    expect(longevityOf(answer)).toMatchObject({ sex: 'female', plan_to_age: 96 });
    expect(answer['portfolio_defaults']).toMatchObject({ sex: 'female' });
  });

  it('takes plan_to_age and sex from the body over the profile', async () => {
    const answer = await simulateForCaller(withoutStreams, {
      ...base,
      plan_to_age: 90,
      sex: 'male',
    });
    expect(longevityOf(answer)).toMatchObject({
      sex: 'male',
      plan_to_age: 90,
      horizon_rule: 'plan-to-age',
    });
    expect((answer['assumptions'] as { retirement_years: number }).retirement_years).toBe(30);
  });
});

// The test portfolio's accounts: Brokerage (taxable) $2,500 VTI + $1,450 BND + $1,000 cash =
// $4,950 (XYZ has no price); Roth IRA (tax-free) $1,250 VTI + $600 VXUS = $1,850.
describe('POST /api/simulate and the accounts’ tax treatment', () => {
  const taxesOf = (answer: Record<string, unknown>) =>
    answer['taxes'] as {
      balances_usd: Record<string, number>;
      withdrawal_order: string;
      tax_deferred_rate: number;
    } | null;
  const refusal = (body: Record<string, unknown>) =>
    simulateForCaller(loaded, { ...base, ...body }).then(
      () => null,
      (error: unknown) => (error instanceof InputError ? error.issues : error),
    );

  it('splits the balance by the accounts’ types, with the profile’s order', async () => {
    const answer = await simulateForCaller(loaded, base);
    expect(taxesOf(answer)?.balances_usd).toEqual({
      taxable: 4_950,
      tax_deferred: 0,
      tax_free: 1_850,
    });
    expect(taxesOf(answer)?.withdrawal_order).toBe('taxable_first');
    const proportional = await simulateForCaller(
      {
        ...loaded,
        user: {
          ...loaded.user,
          taxPlan: {
            filing_status: 'single',
            withdrawal_order: 'proportional',
            tax_deferred_rate: 0.3,
          },
        },
      },
      base,
    );
    expect(taxesOf(proportional)?.withdrawal_order).toBe('proportional');
    expect(taxesOf(proportional)?.tax_deferred_rate).toBe(0.3);
  });

  it('keeps the accounts’ shares at a balance the body gives', async () => {
    const answer = await simulateForCaller(loaded, { ...base, balance: 100_000 });
    // 4,950 / 6,800 of 100,000 = 72,794.12; the tax-free part takes the rest.
    expect(taxesOf(answer)?.balances_usd).toEqual({
      taxable: 72_794.12,
      tax_deferred: 0,
      tax_free: 27_205.88,
    });
  });

  it('takes the balance from the parts the body gives, with the profile’s plan', async () => {
    const answer = await simulateForCaller(loaded, {
      ...base,
      taxable: 300_000,
      tax_free: 100_000,
    });
    expect(taxesOf(answer)?.balances_usd).toEqual({
      taxable: 300_000,
      tax_deferred: 0,
      tax_free: 100_000,
    });
    expect((answer['assumptions'] as { balance_usd: number }).balance_usd).toBe(400_000);
    expect(answer['portfolio_defaults']).not.toHaveProperty('balance');
  });

  it('leaves taxes out with a variable strategy, and says so', async () => {
    const answer = await simulateForCaller(loaded, { ...base, strategy: 'guardrails' });
    expect(answer['taxes']).toBeNull();
    expect(String(answer['taxes_left_out'])).toContain('constant-dollar spending only');
  });

  it('refuses a bad rate or order, naming the body field and the rule', async () => {
    expect(await refusal({ tax_deferred_rate: 0.7 })).toEqual([
      { field: 'tax_deferred_rate', rule: 'must be a fraction from 0 to 0.6' },
    ]);
    expect(await refusal({ withdrawal_order: 'roth_first' })).toEqual([
      { field: 'withdrawal_order', rule: 'must be one of taxable_first, proportional' },
    ]);
  });
});
