// Usage bookkeeping on the real databases: token counts past 2^31 (a provider reporting a runaway
// stream) are stored and read back exactly, per agent run and per job, and a run that cannot be
// recorded never hides the agent's own error.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDefinition } from '../../src/agents/agent.ts';
import { ModelOutputError } from '../../src/errors.ts';
import type { JobDeps } from '../../src/jobs/index.ts';
import { runRecordedAgent } from '../../src/jobs/run-agent.ts';
import { createAttemptBudget, usageOfCall } from '../../src/llm/index.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { DATABASE_ENGINES, postgresSkipReason, type TestDatabase } from '../helpers/database.ts';
import { createTestJobDeps } from '../helpers/job-deps.ts';

const THREE_BILLION = 3_000_000_000;

/** An agent whose model call used three billion tokens and then failed its schema. */
const wastefulAgent: AgentDefinition<Record<string, never>, never> = {
  name: 'reporter',
  inputSchema: null as never,
  outputSchema: null as never,
  run: (_input, context) => {
    const usage = usageOfCall('openai:gpt-4.1-nano', {
      inputTokens: THREE_BILLION,
      outputTokens: THREE_BILLION,
    });
    context.ledger?.record('openai:gpt-4.1-nano', usage);
    return Promise.reject(new ModelOutputError('openai:gpt-4.1-nano', 'answer failed its schema'));
  },
};

for (const engine of DATABASE_ENGINES) {
  describe.skipIf(!engine.available)(
    `usage bookkeeping on ${engine.name}${engine.available ? '' : ` (${postgresSkipReason})`}`,
    () => {
      let database: TestDatabase;
      let repositories: Repositories;
      let deps: JobDeps;

      beforeAll(async () => {
        database = await engine.create();
        ({ deps, repositories } = createTestJobDeps(database));
      });
      afterAll(async () => {
        await database.close();
      });

      async function newJob() {
        const user = await repositories.users.create({
          displayName: 'Ada',
          yearsUntilRetirement: 25,
          targetRetirementIncomeUsd: 100_000,
        });
        return repositories.jobs.create(user.id, { analysis_type: 'portfolio_analysis' });
      }

      it('stores and reads back 3e9 tokens on an agent run and in the job spend', async () => {
        const job = await newJob();
        const run = await repositories.agentRuns.start(job.id, 'reporter', 'openai:gpt-4.1');
        await repositories.agentRuns.finish(run.id, {
          status: 'succeeded',
          durationMs: 10,
          inputTokens: THREE_BILLION,
          outputTokens: THREE_BILLION + 1,
          costUsd: 12.5,
        });
        expect(await repositories.agentRuns.list(job.id)).toMatchObject([
          { status: 'succeeded', inputTokens: THREE_BILLION, outputTokens: THREE_BILLION + 1 },
        ]);

        const usage = { inputTokens: THREE_BILLION, outputTokens: 7, costUsd: 1.25, priced: true };
        await repositories.jobSpend.add(job.id, usage);
        expect(await repositories.jobSpend.add(job.id, usage)).toEqual({
          inputTokens: 2 * THREE_BILLION,
          outputTokens: 14,
          costUsd: 2.5,
          priced: true,
        });
        expect((await repositories.jobSpend.get(job.id)).inputTokens).toBe(6_000_000_000);
      });

      it('records the failed run with its 3e9 tokens and rethrows the agent error', async () => {
        const job = await newJob();
        await expect(
          runRecordedAgent(
            deps,
            wastefulAgent,
            {},
            { jobId: job.id, budget: createAttemptBudget(1), timeoutMs: 10_000 },
          ),
        ).rejects.toThrowError('openai:gpt-4.1-nano: answer failed its schema');
        expect(await repositories.agentRuns.list(job.id)).toMatchObject([
          { status: 'failed', inputTokens: THREE_BILLION, outputTokens: THREE_BILLION },
        ]);
      });

      it('rethrows the agent error, not the bookkeeping one, when the run cannot be recorded', async () => {
        // The pre-bigint schema: recording 3e9 tokens fails with "integer out of range".
        const narrow = await engine.create();
        try {
          await sql`ALTER TABLE agent_runs ALTER COLUMN input_tokens TYPE integer`.execute(
            narrow.db,
          );
          const { deps: narrowDeps } = createTestJobDeps(narrow);
          const narrowRepositories = createRepositories(narrow.db);
          const user = await narrowRepositories.users.create({
            displayName: 'Ada',
            yearsUntilRetirement: 25,
            targetRetirementIncomeUsd: 100_000,
          });
          const narrowJob = await narrowRepositories.jobs.create(user.id, {
            analysis_type: 'portfolio_analysis',
          });
          await expect(
            runRecordedAgent(
              narrowDeps,
              wastefulAgent,
              {},
              { jobId: narrowJob.id, budget: createAttemptBudget(1), timeoutMs: 10_000 },
            ),
          ).rejects.toThrowError(ModelOutputError);
        } finally {
          await narrow.close();
        }
      });
    },
  );
}
