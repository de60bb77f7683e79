import { describe, expect, it } from 'vitest';
import type { AgentContext, AgentDefinition } from '../../../agents/agent.ts';
import { loadConfig } from '../../../config.ts';
import { runAgentOnce, standaloneRunner } from './agents.ts';

describe('runAgentOnce (alex tag / report / chart / retire)', () => {
  it('bounds a command run by the configured spend ceiling, as a job is', async () => {
    const ceiling = { maxTokens: 1234, maxCostUsd: 0.5 };
    let seen: AgentContext | undefined;
    const agent: AgentDefinition<{ value: number }, number> = {
      name: 'tagger',
      run(input, context) {
        seen = context;
        return Promise.resolve({
          output: input.value,
          model: 'offline',
          usage: { inputTokens: 0, outputTokens: 0 },
        });
      },
    } as AgentDefinition<{ value: number }, number>;
    const result = await runAgentOnce(
      standaloneRunner(
        loadConfig({
          ALEX_MAX_JOB_TOKENS: '1234',
          ALEX_MAX_JOB_COST_USD: '0.5',
          ALEX_LOG_LEVEL: 'silent',
        }),
      ),
      agent,
      { value: 7 },
    );
    expect(result.output).toBe(7);
    expect(seen?.spend?.ceiling).toEqual(ceiling);
    // A run that has spent its ceiling is refused before its next request.
    await seen?.spend?.record({ inputTokens: 1000, outputTokens: 300, costUsd: 0, priced: true });
    expect(() => seen?.spend?.assertBelowCeiling()).toThrow(/1,?300|ceiling|limit/i);
  });
});
