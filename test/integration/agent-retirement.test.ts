// The Retirement agent with the real openai-compatible provider, resolved through the model
// registry, talking HTTP to the fake server: success, retries, the figure-check repair round
// and the failures that reject the run with their reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { retirement, type RetirementPayload } from '../../src/agents/retirement/index.ts';
import { testSnapshot } from '../../src/agents/retirement/test-snapshot.ts';
import { retirementPayloadSchema } from '../../src/contracts/payloads.ts';
import { ModelOutputError, UpstreamError } from '../../src/errors.ts';
import { createUsageLedger } from '../../src/llm/index.ts';
import { fake } from '../fakes/openai-compatible-server.ts';
import { FAKE_MODEL_LABEL, fakeAgentContext, useFakeModel } from '../helpers/fake-model.ts';

const llm = useFakeModel('retirement');
/** The offline run's payload: the engine numbers a correct narrative may quote. */
let engine: RetirementPayload;

const input = () => ({
  snapshot: testSnapshot({ id: 'user-integration' }),
  options: { simulations: 1000 },
});

const usd = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;

function narrative(extra = '') {
  return {
    readiness:
      `The plan succeeds in ${Math.round(engine.results.success_probability)}% of paths; the ` +
      `median at retirement is ${usd(engine.results.median_at_retirement)}.${extra}`,
    risks: `- A weak start: the 10th percentile at retirement is ${usd(engine.results.percentiles_at_retirement.p10)}.`,
    levers: `At 90% success the plan sustains ${usd(engine.results.sustainable_spending_at_90pct)} a year.`,
    limitations: 'Taxes and other income are left out.',
  };
}

beforeAll(async () => {
  engine = (await retirement.run(input(), fakeAgentContext({ kind: 'offline' }))).output;
});

describe('retirement agent over HTTP', () => {
  it('publishes the model narrative with the engine results', async () => {
    llm.server.script([fake.json(narrative(), { promptTokens: 900, completionTokens: 300 })]);
    const ledger = createUsageLedger();
    const result = await retirement.run(input(), fakeAgentContext(llm.model, { ledger }));
    expect(retirementPayloadSchema.parse(result.output)).toEqual(result.output);
    expect(result.model).toBe(FAKE_MODEL_LABEL);
    expect(result.output.model).toBe(FAKE_MODEL_LABEL);
    expect(result.usage).toMatchObject({ inputTokens: 900, outputTokens: 300 });
    expect(ledger.total()).toEqual(result.usage);
    // The numbers are the engine's whichever writer is used; only the words differ.
    expect(result.output.results).toEqual(engine.results);
    expect(result.output.levers).toEqual(engine.levers);
    expect(result.output.series).toEqual(engine.series);
    expect(result.output.analysis).toContain(
      `median at retirement is ${usd(engine.results.median_at_retirement)}`,
    );

    const sent = llm.server.requests[0]?.body;
    expect(sent?.response_format?.type).toBe('json_schema');
    expect(sent?.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(JSON.stringify(sent?.messages[1]?.content)).toContain('engine_numbers');
  });

  it('retries after a 429 and after a 500, then succeeds', async () => {
    llm.server.script([fake.rateLimited('0'), fake.serverError(500), fake.json(narrative())]);
    const result = await retirement.run(input(), fakeAgentContext(llm.model));
    expect(llm.server.requests).toHaveLength(3);
    expect(result.output.analysis).toContain('## Levers that matter');
  });

  it('sends a made-up figure back once and publishes the corrected narrative', async () => {
    llm.server.script([
      fake.json(narrative(' Aim for $7,777,777 to be safe.')),
      fake.json(narrative()),
    ]);
    const result = await retirement.run(input(), fakeAgentContext(llm.model));
    expect(result.output.analysis).not.toContain('$7,777,777');
    const repair = llm.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(repair.at(-1)?.content)).toContain(
      '\\"$7,777,777\\" is not one of the engine numbers',
    );
  });

  it('rejects the run when the repaired narrative still invents a figure', async () => {
    const invented = narrative(' Returns will be 11.11% a year.');
    llm.server.script([fake.json(invented), fake.json(invented)]);
    const failure = await retirement
      .run(input(), fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelOutputError);
    expect((failure as ModelOutputError).message).toMatch(
      /still invalid after 1 repair round: "11\.11%" is not one of the engine numbers/,
    );
    expect(llm.server.requests).toHaveLength(2);
  });

  it('rejects the run when every attempt is rate limited', async () => {
    llm.server.script([0, 1, 2, 3].map(() => fake.rateLimited('0')));
    const failure = await retirement
      .run(input(), fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ status: 429 });
    expect(llm.server.requests).toHaveLength(4);
  });
});
