import { sql, type Kysely } from 'kysely';
import type { AgentName, AgentRunStatus } from '../../contracts/jobs.ts';
import { isoFrom, numberFrom, optionalIsoFrom, storedError } from '../columns.ts';
import type { AgentRunRow, Database } from '../tables.ts';

export interface AgentRun {
  id: string;
  jobId: string;
  agent: AgentName;
  attempt: number;
  status: AgentRunStatus;
  model: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  error: string | null;
}

export interface AgentRunOutcome {
  status: 'succeeded' | 'failed';
  model?: string | null;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  error?: string | null;
}

/** One row per agent run: what ran, on which model, how long, what it cost, how it ended. */
export function createAgentRunRepository(db: Kysely<Database>) {
  return {
    async start(jobId: string, agent: AgentName, model: string | null): Promise<AgentRun> {
      const row = await db
        .insertInto('agent_runs')
        .values({
          job_id: jobId,
          agent,
          model,
          status: 'running',
          attempt: sql<number>`(SELECT count(*) + 1 FROM agent_runs WHERE job_id = ${jobId} AND agent = ${agent})`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAgentRun(row);
    },

    async finish(runId: string, outcome: AgentRunOutcome): Promise<void> {
      await db
        .updateTable('agent_runs')
        .set({
          status: outcome.status,
          ...(outcome.model !== undefined ? { model: outcome.model } : {}),
          finished_at: sql`now()`,
          duration_ms: Math.round(outcome.durationMs),
          input_tokens: outcome.inputTokens,
          output_tokens: outcome.outputTokens,
          cost_usd: outcome.costUsd,
          error: storedError(outcome.error),
        })
        .where('id', '=', runId)
        .execute();
    },

    /**
     * Close the runs a lost worker left `running` (it crashed or was killed mid-job), so the
     * record says what happened to them. Returns how many were closed.
     */
    async abandonRunning(jobId: string, reason: string): Promise<number> {
      const result = await db
        .updateTable('agent_runs')
        .set({ status: 'failed', finished_at: sql`now()`, error: storedError(reason) })
        .where('job_id', '=', jobId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** The runs of the user's job; none for another user's job. */
    async listForUser(userId: string, jobId: string): Promise<AgentRun[]> {
      const rows = await db
        .selectFrom('agent_runs')
        .innerJoin('jobs', 'jobs.id', 'agent_runs.job_id')
        .selectAll('agent_runs')
        .where('jobs.user_id', '=', userId)
        .where('agent_runs.job_id', '=', jobId)
        .orderBy('agent_runs.started_at')
        .orderBy('agent_runs.id')
        .execute();
      return rows.map(toAgentRun);
    },

    async list(jobId: string): Promise<AgentRun[]> {
      const rows = await db
        .selectFrom('agent_runs')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('started_at')
        .orderBy('agent')
        .execute();
      return rows.map(toAgentRun);
    },
  };
}

export type AgentRunRepository = ReturnType<typeof createAgentRunRepository>;

function toAgentRun(row: AgentRunRow): AgentRun {
  return {
    id: row.id,
    jobId: row.job_id,
    agent: row.agent as AgentName,
    attempt: row.attempt,
    status: row.status,
    model: row.model,
    startedAt: isoFrom(row.started_at),
    finishedAt: optionalIsoFrom(row.finished_at),
    durationMs: row.duration_ms,
    inputTokens: numberFrom(row.input_tokens),
    outputTokens: numberFrom(row.output_tokens),
    costUsd: numberFrom(row.cost_usd),
    error: row.error,
  };
}
