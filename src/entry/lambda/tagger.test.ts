import { describe, expect, it } from 'vitest';
import type { AgentContext } from '../../agents/agent.ts';
import { DEFAULT_JOB_SETTINGS } from '../../jobs/index.ts';
import { silentLogger } from '../../log.ts';
import type { LambdaRuntime } from './runtime.ts';
import { createTaggerHandler } from './tagger.ts';

describe('tagger function', () => {
  it('bounds an invocation by the configured spend ceiling, as a job is', async () => {
    const ceiling = { maxTokens: 4321, maxCostUsd: 0.25 };
    let seen: AgentContext | undefined;
    const saved: unknown[] = [];
    // Only what the handler touches; the tagger agent records the context it was given.
    const runtime = {
      jobs: {
        deps: {
          settings: { ...DEFAULT_JOB_SETTINGS, spendCeiling: ceiling },
          models: { modelFor: () => undefined },
          logger: silentLogger(),
          now: () => new Date('2026-01-01T00:00:00Z'),
          agents: {
            tagger: {
              run(_input: unknown, context: AgentContext) {
                seen = context;
                return Promise.resolve({ output: [], model: 'offline', usage: {} });
              },
            },
          },
          repositories: {
            instruments: {
              saveClassifications: (rows: unknown[]) => {
                saved.push(...rows);
                return Promise.resolve();
              },
            },
          },
        },
      },
    } as unknown as LambdaRuntime;
    const handler = createTaggerHandler(() => Promise.resolve(runtime));
    await handler({ instruments: [{ symbol: 'VTI' }] });
    expect(seen?.spend?.ceiling).toEqual(ceiling);
    expect(saved).toEqual([]);
  });
});
