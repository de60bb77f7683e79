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
