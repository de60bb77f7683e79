// The Planner's request narrowing through the real openai-compatible provider and the fake
// HTTP server: success, a 429 then success, a repair, and the two ways a run fails. (Retries use
// 429 with Retry-After: 0: AgentContext has no way to replace the backoff sleep after a 500.)
import { describe, expect, it } from 'vitest';
import { planner, type PlannerInput } from '../../src/agents/planner/index.ts';
import { UpstreamError } from '../../src/errors.ts';
import { createAttemptBudget, StructuredOutputError } from '../../src/llm/index.ts';
import { fake } from '../fakes/openai-compatible-server.ts';
import { fakeAgentContext, useFakeModel } from '../helpers/fake-model.ts';

const REQUEST: PlannerInput = {
  request: 'Just the retirement outlook, please.',
  facts: { positionCount: 6, pricedPositionCount: 6, hasRetirementGoals: true },
};

const llm = useFakeModel('planner');

const RETIREMENT_ONLY = { agents: ['retirement'], reason: 'The user asked only for retirement.' };

describe('planner over HTTP', () => {
  it('narrows the eligible specialists to the ones the model chose', async () => {
    llm.server.script([fake.json(RETIREMENT_ONLY, { promptTokens: 210, completionTokens: 20 })]);
    const run = fakeAgentContext(llm.model);
    const result = await planner.run(REQUEST, run);
    expect(result.output).toEqual({
      agents: ['retirement'],
      skipped: [
        { agent: 'reporter', reason: 'not needed for the request' },
        { agent: 'charter', reason: 'not needed for the request' },
      ],
      reason: 'The user asked only for retirement.',
      model: 'openai-compatible:qwen3:8b',
    });
    expect(result.usage).toMatchObject({ inputTokens: 210, outputTokens: 20 });
    expect(run.ledger?.total()).toMatchObject({ inputTokens: 210, outputTokens: 20 });
    const sent = JSON.stringify(llm.server.requests[0]?.body?.messages);
    expect(sent).toContain('Just the retirement outlook, please.');
    expect(llm.server.requests[0]?.body?.response_format?.type).toBe('json_schema');
  });

  it('retries after a 429 and then succeeds', async () => {
    llm.server.script([fake.rateLimited('0'), fake.json(RETIREMENT_ONLY)]);
    const result = await planner.run(REQUEST, fakeAgentContext(llm.model));
    expect(result.output.agents).toEqual(['retirement']);
    expect(llm.server.requests).toHaveLength(2);
  });

  it('sends back an answer with an ineligible specialist and accepts the repair', async () => {
    const noGoals = { ...REQUEST, facts: { ...REQUEST.facts, hasRetirementGoals: false } };
    llm.server.script([
      fake.json(RETIREMENT_ONLY),
      fake.json({ agents: ['reporter'], reason: 'Retirement is not available; a report is.' }),
    ]);
    const result = await planner.run(noGoals, fakeAgentContext(llm.model));
    expect(result.output.agents).toEqual(['reporter']);
    const repair = llm.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(repair.at(-1)?.content)).toContain(
      'retirement cannot run for this portfolio',
    );
  });

  it('rejects with the problems when the repaired answer is invalid too', async () => {
    llm.server.script([
      fake.json({ agents: ['tagger'], reason: 'x' }),
      fake.json({ agents: [], reason: 'none' }),
    ]);
    const failure = await planner
      .run(REQUEST, fakeAgentContext(llm.model))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StructuredOutputError);
    expect((failure as StructuredOutputError).problems).toEqual([
      'choose at least one specialist from: reporter, charter, retirement',
    ]);
  });

  it('rejects with the last HTTP error once the attempt budget is spent', async () => {
    llm.server.script([fake.rateLimited('0'), fake.rateLimited('0')]);
    const failure = planner.run(
      REQUEST,
      fakeAgentContext(llm.model, { budget: createAttemptBudget(2) }),
    );
    await expect(failure).rejects.toThrow(UpstreamError);
    await expect(failure).rejects.toThrow(/attempt budget exhausted.*HTTP 429/);
    expect(llm.server.requests).toHaveLength(2);
  });
});
