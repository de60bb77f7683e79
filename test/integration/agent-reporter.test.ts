// The Reporter with the real openai-compatible provider, resolved through the model registry,
// talking HTTP to the fake server: success, a knowledge search, retries, the repair round, a
// report kept with its unmatched figures listed, and the failures that reject the run.
import { beforeAll, describe, expect, it } from 'vitest';
import { reporter } from '../../src/agents/reporter/index.ts';
import { fakeKnowledge, note, reportSnapshot } from '../../src/agents/reporter/test-snapshot.ts';
import { reportPayloadSchema } from '../../src/contracts/payloads.ts';
import { ModelOutputError, UpstreamError } from '../../src/errors.ts';
import { createUsageLedger } from '../../src/llm/index.ts';
import { fake } from '../fakes/openai-compatible-server.ts';
import { FAKE_MODEL_LABEL, fakeAgentContext, useFakeModel } from '../helpers/fake-model.ts';

const llm = useFakeModel('reporter');
/** A correct report for the test snapshot (the offline writer's), for the model to "write". */
let goodMarkdown: string;

const input = () => ({ snapshot: reportSnapshot() });

beforeAll(async () => {
  const offline = fakeAgentContext({ kind: 'offline' });
  goodMarkdown = (await reporter.run(input(), offline)).output.content;
});

describe('reporter agent over HTTP', () => {
  it('publishes the model’s report with a clean fact check and the usage reported', async () => {
    llm.server.script([
      fake.json({ markdown: goodMarkdown }, { promptTokens: 2400, completionTokens: 1300 }),
    ]);
    const ledger = createUsageLedger();
    const result = await reporter.run(input(), fakeAgentContext(llm.model, { ledger }));
    expect(reportPayloadSchema.parse(result.output)).toEqual(result.output);
    expect(result.output).toMatchObject({
      content: goodMarkdown,
      agent: 'reporter',
      model: FAKE_MODEL_LABEL,
      generated_at: '2026-03-01T12:00:00.000Z',
      fact_check: { mismatches: [], repaired: false },
      sources: [],
    });
    expect(result.usage).toMatchObject({ inputTokens: 2400, outputTokens: 1300 });
    expect(ledger.total()).toEqual(result.usage);

    const sent = llm.server.requests[0]?.body;
    expect(sent?.response_format?.type).toBe('json_schema');
    // No tools: the research notes are looked up before the call.
    expect(sent?.tools).toBeUndefined();
    const prompt = JSON.stringify(sent?.messages[1]?.content);
    expect(prompt).toContain('<portfolio_data>');
    expect(prompt).toContain('\\"value\\":\\"$6,800\\"');
  });

  it('sends the notes for the top findings in the one request and lists them as sources', async () => {
    const knowledge = fakeKnowledge([
      note('rebalancing#0', 'Rebalancing', 'Rebalancing brings a portfolio back to its targets.'),
    ]);
    llm.server.script([fake.json({ markdown: goodMarkdown })]);
    const result = await reporter.run(input(), fakeAgentContext(llm.model, { knowledge }));
    expect(knowledge.queries.length).toBeGreaterThan(0);
    expect(result.output.sources).toEqual([{ id: 'rebalancing#0', title: 'Rebalancing' }]);
    expect(llm.server.requests).toHaveLength(1);
    const messages = llm.server.requests[0]?.body?.messages ?? [];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(JSON.stringify(messages[1]?.content)).toContain('rebalancing#0');
  });

  it('retries after a 429, then succeeds', async () => {
    llm.server.script([fake.rateLimited('0'), fake.json({ markdown: goodMarkdown })]);
    const result = await reporter.run(input(), fakeAgentContext(llm.model));
    expect(llm.server.requests).toHaveLength(2);
    expect(result.output.content).toBe(goodMarkdown);
  });

  it('repairs an answer that is not JSON, then publishes the report', async () => {
    llm.server.script([
      fake.text('Here is your report: all good!'),
      fake.json({ markdown: goodMarkdown }),
    ]);
    const result = await reporter.run(input(), fakeAgentContext(llm.model));
    expect(result.output.content).toBe(goodMarkdown);
    expect(result.output.fact_check.repaired).toBe(true);
    const repair = llm.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('keeps a report whose figure is still wrong after the repair, with the mismatch listed', async () => {
    const wrong = goodMarkdown.replace('worth $6,800', 'worth $6,950');
    llm.server.script([fake.json({ markdown: wrong }), fake.json({ markdown: wrong })]);
    const result = await reporter.run(input(), fakeAgentContext(llm.model));
    expect(result.output.content).toBe(wrong);
    expect(result.output.fact_check).toMatchObject({
      repaired: true,
      mismatches: [{ text: '$6,950', reason: 'no computed dollar amount rounds to $6,950' }],
    });
    expect(JSON.stringify(llm.server.requests[1]?.body?.messages.at(-1)?.content)).toContain(
      'no computed dollar amount rounds to $6,950',
    );
  });

  it('rejects the run when a section is still missing after the repair', async () => {
    const noRisk = goodMarkdown.replace('## Risk Profile', '## Risks');
    llm.server.script([fake.json({ markdown: noRisk }), fake.json({ markdown: noRisk })]);
    const failure = await reporter
      .run(input(), fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelOutputError);
    expect((failure as ModelOutputError).message).toMatch(
      /still invalid after 1 repair round: the section heading "## Risk Profile" is missing/,
    );
    expect(llm.server.requests).toHaveLength(2);
  });

  it('rejects the run when every attempt is rate limited', async () => {
    llm.server.script([0, 1, 2, 3].map(() => fake.rateLimited('0')));
    const failure = await reporter
      .run(input(), fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ status: 429 });
    expect(llm.server.requests).toHaveLength(4);
  });
});
