import { describe, expect, it } from 'vitest';
import { retirementPayloadSchema } from '../../contracts/payloads.ts';
import { simulateRetirement } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { createAttemptBudget, StructuredOutputError, type AgentModel } from '../../llm/index.ts';
import { reply, scriptedModel } from '../../llm/testing/scripted-model.ts';
import { silentLogger } from '../../log.ts';
import type { AgentContext } from '../agent.ts';
import { engineFacts, unmatchedFigures } from './engine-facts.ts';
import { retirement, type RetirementInput } from './index.ts';
import { projectRetirement, type Projection } from './projection.ts';
import { planFromSnapshot } from './retirement-plan.ts';
import { testSnapshot } from './test-snapshot.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const SIMULATIONS = 1000;

function contextWith(model: AgentModel = { kind: 'offline' }): AgentContext {
  return {
    model,
    budget: createAttemptBudget(10),
    llmTimeoutMs: 5000,
    logger: silentLogger(),
    now: () => NOW,
  };
}

function input(overrides: Partial<RetirementInput> = {}): RetirementInput {
  return { snapshot: testSnapshot(), options: { simulations: SIMULATIONS }, ...overrides };
}

/** The projection the agent computes for `input()`, for writing scripted answers. */
function expectedProjection(): Projection {
  const { snapshot, options } = input();
  return projectRetirement(planFromSnapshot(snapshot, options), NOW.getUTCFullYear());
}

const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;

/** A model answer that quotes engine numbers only; `extra` is appended to the readiness. */
function goodNarrative(projection: Projection, extra = '') {
  return {
    readiness:
      `The plan succeeds in ${Math.round(projection.successPct)}% of simulated paths. The ` +
      `median balance at retirement is ${usd(projection.atRetirement.p50)} in today's dollars.${extra}`,
    risks: `- Sequence of returns: the 10th percentile at retirement is ${usd(projection.atRetirement.p10)}.`,
    levers: `Saving more matters most. At 90% success you could spend ${usd(projection.sustainableSpendingUsd)} a year.`,
    limitations: 'Taxes, Social Security and fund fees are not modelled.',
  };
}

describe('retirement agent, offline', () => {
  it('projects the real portfolio and returns a valid payload with series and levers', async () => {
    const { output, model, usage } = await retirement.run(input(), contextWith());
    expect(retirementPayloadSchema.parse(output)).toEqual(output);
    expect(model).toBe('offline');
    expect(output.model).toBe('offline');
    expect(usage.inputTokens).toBe(0);
    expect(output.generated_at).toBe('2026-03-01T12:00:00.000Z');

    // The balance is priced positions plus cash ($6,800); the unpriced XYZ is excluded.
    expect(output.assumptions).toMatchObject({
      balance_usd: 6800,
      annual_contribution_usd: 20_000,
      target_spending_usd: 60_000,
      years_to_retirement: 25,
      retirement_years: 30,
      allocation_pct: { equity: 63.97, fixed_income: 21.32, cash: 14.71 },
      excluded_positions: [{ symbol: 'XYZ', reason: 'no_price' }],
      // The mean CPI inflation of the shipped 1928-2025 data, as `alex simulate` assumes.
      inflation_pct: 3.11,
      simulations: SIMULATIONS,
    });

    // The headline equals the engine's own answer for the same options.
    const { snapshot, options } = input();
    const plan = planFromSnapshot(snapshot, options);
    const direct = simulateRetirement(plan.simulation);
    expect(output.results.success_probability).toBe(
      Math.round(direct.successProbability * 10_000) / 100,
    );
    expect(output.results.seed).toBe(plan.simulation.seed);
    // Additions of issue 11: the sampling error of that headline and what the paths paid.
    const standardError = Math.sqrt(
      (direct.successProbability * (1 - direct.successProbability)) / SIMULATIONS,
    );
    expect(output.results.success_standard_error).toBe(Math.round(standardError * 10_000) / 100);
    expect(output.results.success_interval_95?.low).toBeLessThanOrEqual(
      output.results.success_probability,
    );
    expect(output.results.income?.floor_fraction).toBe(0.75);
    expect(output.results.income?.by_year).toHaveLength(30);
    expect(output.results.income?.minimum.p10).toBe(
      Math.round(direct.income.minimum.p10 * 100) / 100,
    );
    expect(output.results.median_at_retirement).toBe(
      Math.round(direct.percentilesAtRetirement.p50 * 100) / 100,
    );

    // One row per year from today (age 40, 2026) to the end of the plan (age 95, 2081).
    expect(output.series).toHaveLength(56);
    expect(output.series[0]).toMatchObject({ age: 40, year: 2026, p50: 6800 });
    expect(output.series.at(-1)).toMatchObject({ age: 95, year: 2081 });
    expect(output.levers.map((lever) => lever.lever)).toEqual([
      'save_more',
      'retire_later',
      'spend_less',
      'more_conservative',
      'more_aggressive',
    ]);
    expect(output.levers[0]?.change).toBe('save $5,000 more a year');
  });

  it('writes a narrative whose every figure is an engine number', async () => {
    const { output } = await retirement.run(input(), contextWith());
    const facts = engineFacts(expectedProjection());
    expect(unmatchedFigures(output.analysis, facts)).toEqual([]);
    expect(output.analysis).toContain('## Retirement readiness');
    expect(output.analysis).toContain(
      `median balance at retirement (age 65) is ${usd(output.results.median_at_retirement)}`,
    );
    expect(output.analysis).toContain('Positions without a price are left out');
  });

  it('gives the same results for the same seed and records a seed derived from the user', async () => {
    const first = await retirement.run(input(), contextWith());
    const second = await retirement.run(input(), contextWith());
    expect(second.output).toEqual(first.output);

    const otherUser = await retirement.run(
      input({ snapshot: testSnapshot({ id: 'someone-else' }) }),
      contextWith(),
    );
    expect(otherUser.output.results.seed).not.toBe(first.output.results.seed);
    expect(otherUser.output.assumptions['seed_source']).toBe('derived from the user id');

    const seeded = await retirement.run(
      input({ options: { simulations: SIMULATIONS, seed: 42 } }),
      contextWith(),
    );
    expect(seeded.output.results.seed).toBe(42);
    expect(seeded.output.assumptions['seed_source']).toBe('given');
  });

  it('rejects impossible input with an InputError naming the field', async () => {
    const failure = retirement.run(
      input({ snapshot: testSnapshot({ yearsUntilRetirement: -1 }) }),
      contextWith(),
    );
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      /snapshot\.user\.yearsUntilRetirement: cannot be negative/,
    );
    await expect(
      retirement.run(input({ options: { simulations: 0 } }), contextWith()),
    ).rejects.toThrow(/input\.options\.simulations/);
  });
});

describe('retirement agent, with a model', () => {
  it('publishes a narrative that quotes engine numbers', async () => {
    const projection = expectedProjection();
    const model = scriptedModel([reply.json(goodNarrative(projection))], {
      label: 'scripted:retirement',
    });
    const { output, usage } = await retirement.run(input(), contextWith(model));
    model.assertAllConsumed();
    expect(output.model).toBe('scripted:retirement');
    expect(usage).toMatchObject({ inputTokens: 10, outputTokens: 5 });
    expect(output.analysis).toContain(
      `## Retirement readiness\n\nThe plan succeeds in ${Math.round(projection.successPct)}%`,
    );
    expect(output.analysis).toContain('## What this leaves out\n\nTaxes');
    // The model was given the engine numbers as quoted data.
    const prompt = model.calls[0]?.promptText ?? '';
    expect(prompt).toContain('<data>');
    expect(prompt).toContain(usd(projection.atRetirement.p50));
    expect(prompt).toContain(`"success probability: ${projection.successPct}%"`);
    expect(model.calls[0]?.system).toContain('must be one of the engine numbers');
  });

  it('sends a made-up figure back for one repair, then accepts the corrected text', async () => {
    const projection = expectedProjection();
    const model = scriptedModel([
      reply.json(goodNarrative(projection, ' You will need $9,999,999 to be safe.')),
      reply.json(goodNarrative(projection)),
    ]);
    const { output } = await retirement.run(input(), contextWith(model));
    model.assertAllConsumed();
    expect(output.analysis).not.toContain('$9,999,999');
    expect(model.calls[1]?.promptText).toContain(
      '"$9,999,999" is not one of the engine numbers in the data',
    );
  });

  it('fails with the reason when the repaired answer still invents a figure', async () => {
    const projection = expectedProjection();
    const madeUp = goodNarrative(projection, ' Expect 12.34% a year.');
    const model = scriptedModel([reply.json(madeUp), reply.json(madeUp)]);
    const failure = await retirement
      .run(input(), contextWith(model))
      .catch((error: unknown) => error);
    model.assertAllConsumed();
    expect(failure).toBeInstanceOf(StructuredOutputError);
    expect((failure as StructuredOutputError).problems).toEqual([
      expect.stringContaining('"12.34%" is not one of the engine numbers'),
    ]);
  });

  it('repairs an answer that misses a section', async () => {
    const projection = expectedProjection();
    const { limitations: _missing, ...incomplete } = goodNarrative(projection);
    const model = scriptedModel([reply.json(incomplete), reply.json(goodNarrative(projection))]);
    const { output } = await retirement.run(input(), contextWith(model));
    model.assertAllConsumed();
    expect(model.calls[1]?.promptText).toContain('limitations');
    expect(output.analysis).toContain('## What this leaves out');
  });
});
