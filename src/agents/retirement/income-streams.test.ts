// The profile's income streams through the Retirement agent's plan, facts, payload and text.
import { describe, expect, it } from 'vitest';
import type { IncomeStream } from '../../contracts/income-streams.ts';
import { engineFacts, unmatchedFigures } from './engine-facts.ts';
import { writeRetirementNarrative } from './offline-writer.ts';
import { projectRetirement } from './projection.ts';
import { planFromSnapshot } from './retirement-plan.ts';
import { testSnapshot } from './test-snapshot.ts';
import { toRetirementPayload } from './to-payload.ts';

const socialSecurity: IncomeStream = {
  kind: 'social_security',
  person: 'self',
  start_age: 67,
  years: null,
  annual_usd: 30_000,
  inflation_indexed: true,
  note: 'illustrative test figure',
};
const spousePension: IncomeStream = {
  kind: 'pension',
  person: 'spouse',
  start_age: 65,
  years: null,
  annual_usd: 12_000,
  inflation_indexed: false,
};

describe('income streams in the retirement plan', () => {
  const snapshot = testSnapshot({
    incomeStreams: [socialSecurity, spousePension],
    spouseAge: 43,
  });
  const plan = planFromSnapshot(snapshot, { simulations: 2000, seed: 5 });
  const projection = projectRetirement(plan, 2026);

  it("places each stream at the user's age (a spouse 3 years older reaches 65 at the user's 62)", () => {
    expect(
      plan.simulation.cashFlows?.map((flow) => [flow.kind, flow.person, flow.startAge]),
    ).toEqual([
      ['social_security', 'self', 67],
      ['pension', 'spouse', 62],
    ]);
  });

  it('raises success against the same plan without them', () => {
    const without = projectRetirement(
      planFromSnapshot(testSnapshot(), { simulations: 2000, seed: 5 }),
      2026,
    );
    expect(projection.successPct).toBeGreaterThan(without.successPct);
    expect(without.capitalNeededUsd).not.toBeNull();
    // With streams the needed balance is not spending over a rate, so it is not quoted.
    expect(projection.capitalNeededUsd).toBeNull();
  });

  it('quotes the claim-at-70 lever with the benefit at 70 (1.24 times the one at 67)', () => {
    const lever = projection.levers.find((each) => each.lever === 'claim_social_security_later');
    expect(lever?.change).toBe('claim Social Security at 70 instead of 67');
    expect(lever?.newAmountUsd).toBeCloseTo(37_200, 6);
  });

  it('lists the streams in the payload and says what is not modelled', () => {
    const payload = toRetirementPayload(projection, 'text', 'offline', new Date(0));
    const streams = payload.assumptions['income_streams'] as Array<Record<string, unknown>>;
    expect(streams.map((stream) => [stream['kind'], stream['note']])).toEqual([
      ['social_security', 'illustrative test figure'],
      ['pension', null],
    ]);
    expect(payload.assumptions['not_modelled']).toContain(
      'income and expenses not entered in the profile',
    );
  });

  it('writes text whose every figure is an engine fact, the streams and their note included', () => {
    const narrative = writeRetirementNarrative(projection);
    const text = Object.values(narrative).join('\n');
    expect(text).toContain('Social Security from age 67: $30,000 a year');
    expect(text).toContain('illustrative test figure');
    expect(unmatchedFigures(text, engineFacts(projection))).toEqual([]);
    // Without the stream facts the same text would not pass the check.
    const withoutStreamFacts = engineFacts(projection).filter(
      (fact) => !fact.label.startsWith('social security') && !fact.label.startsWith('pension'),
    );
    expect(unmatchedFigures(text, withoutStreamFacts)).not.toEqual([]);
  });
});
