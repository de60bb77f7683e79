// What one analysis costs the machine: CPU time per agent, database round trips and the bytes
// they carry, and what a finished job leaves in the database. docs/scaling.md builds its
// capacity and cost figures on these numbers (and on the tokens bench for the models).
//
// The demo job runs through the real worker path on an in-memory PGlite, one job at a time,
// with the agents' language parts on their offline writers (so the stored report, charts and
// retirement narrative have their real sizes; a model's own CPU cost is in the provider's
// bill, not ours). Every statement the application sends reaches PGlite through `query`, so a
// counter there sees what the RDS Data API would see as requests: one per statement, plus a
// begin and a commit per transaction. The local queue's own statements (claiming a job,
// polling) are counted apart: on AWS, SQS replaces them.
//
// CPU time is the process's (user + system, all threads) between the start and end of each
// agent run, charged to that agent; time between runs is charged to the job machinery (claim,
// snapshot, statuses, progress). Per-agent figures come from jobs that run one specialist each
// (so no two agents overlap); the whole-job figures from jobs that run all three, as the demo
// does.
import type { AgentName } from '../src/contracts/jobs.ts';
import type { ModelRegistry } from '../src/llm/index.ts';
import { loadConfig } from '../src/config.ts';
import { sql } from 'kysely';
import {
  embeddedDatabase,
  median,
  startJobBench,
  type AgentObserver,
  type JobBench,
} from './job-throughput.bench.ts';

const WARMUP_JOBS = 3;
const JOBS_PER_SPECIALIST = 5;
const WHOLE_JOBS = 10;

type Step = AgentName | 'projection' | 'job machinery';

interface Tally {
  cpuMs: number;
  statements: number;
  transactions: number;
  /** SQL text and parameters sent, as UTF-8 (the JSON the Data API would carry is larger). */
  bytesSent: number;
  /** Rows returned, as JSON text. */
  bytesReceived: number;
  /** The largest single row returned, as JSON text (the Data API refuses rows over 64 KB). */
  largestRowBytes: number;
}

const emptyTally = (): Tally => ({
  cpuMs: 0,
  statements: 0,
  transactions: 0,
  bytesSent: 0,
  bytesReceived: 0,
  largestRowBytes: 0,
});

/** Charges CPU time and statements to the step running, one step at a time. */
class CostMeter implements AgentObserver {
  readonly tallies = new Map<Step, Tally>();
  private readonly running: Step[] = [];
  private lastCpu = process.cpuUsage();

  private tally(): Tally {
    const step = this.running.at(-1) ?? 'job machinery';
    let found = this.tallies.get(step);
    if (!found) this.tallies.set(step, (found = emptyTally()));
    return found;
  }

  /** Charges the CPU time since the last switch to the step that was running. */
  private switchSteps(): void {
    const used = process.cpuUsage(this.lastCpu);
    this.tally().cpuMs += (used.user + used.system) / 1000;
    this.lastCpu = process.cpuUsage();
  }

  started(step: AgentName | 'projection'): void {
    this.switchSteps();
    this.running.push(step);
  }

  ended(): void {
    this.switchSteps();
    this.running.pop();
  }

  statement(text: string, parameters: unknown, rows: readonly unknown[]): void {
    const tally = this.tally();
    if (/^\s*(begin|start transaction)\b/i.test(text)) tally.transactions += 1;
    else if (!/^\s*(commit|rollback)\b/i.test(text)) tally.statements += 1;
    tally.bytesSent += Buffer.byteLength(text) + Buffer.byteLength(JSON.stringify(parameters));
    tally.bytesReceived += Buffer.byteLength(JSON.stringify(rows));
    for (const row of rows) {
      tally.largestRowBytes = Math.max(
        tally.largestRowBytes,
        Buffer.byteLength(JSON.stringify(row)),
      );
    }
  }

  reset(): void {
    this.switchSteps();
    this.tallies.clear();
  }

  /** Per step, each figure divided by `jobs`. */
  perJob(jobs: number): Record<string, StepCost> {
    this.switchSteps();
    const result: Record<string, StepCost> = {};
    for (const [step, tally] of this.tallies) {
      result[step] = {
        cpu_ms: round(tally.cpuMs / jobs),
        statements: round(tally.statements / jobs),
        transactions: round(tally.transactions / jobs),
        data_api_requests: round((tally.statements + 2 * tally.transactions) / jobs),
        bytes_sent: Math.round(tally.bytesSent / jobs),
        bytes_received: Math.round(tally.bytesReceived / jobs),
        largest_row_bytes: tally.largestRowBytes,
      };
    }
    return result;
  }
}

interface StepCost {
  cpu_ms: number;
  statements: number;
  transactions: number;
  data_api_requests: number;
  bytes_sent: number;
  bytes_received: number;
  largest_row_bytes: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The local queue's look for pending jobs (jobs.listPendingIds): SQS does this on AWS. */
const LOCAL_QUEUE_STATEMENT = /^select "id" from "jobs" where "status" = \$1 order by "created_at"/;

const offlineModels: ModelRegistry = { modelFor: () => ({ kind: 'offline' }) };

/** Bytes a finished job left in its rows (jobs, agent_runs, job_spend), as PostgreSQL stores them. */
async function storedBytes(
  bench: { jobIds: string[] },
  db: Awaited<ReturnType<typeof embeddedDatabase>>['db'],
) {
  const ids = bench.jobIds;
  const rows = await sql<{ jobs: string; agent_runs: string; job_spend: string }>`
    SELECT
      (SELECT coalesce(sum(pg_column_size(j.*)), 0) FROM jobs j WHERE j.id = ANY(${ids}::uuid[])) AS jobs,
      (SELECT coalesce(sum(pg_column_size(r.*)), 0) FROM agent_runs r WHERE r.job_id = ANY(${ids}::uuid[])) AS agent_runs,
      (SELECT coalesce(sum(pg_column_size(s.*)), 0) FROM job_spend s WHERE s.job_id = ANY(${ids}::uuid[])) AS job_spend`.execute(
    db,
  );
  const row = rows.rows[0];
  const perJob = (value: string | undefined) => Math.round(Number(value ?? 0) / ids.length);
  return {
    jobs_row: perJob(row?.jobs),
    agent_runs_rows: perJob(row?.agent_runs),
    job_spend_row: perJob(row?.job_spend),
    total: perJob(row?.jobs) + perJob(row?.agent_runs) + perJob(row?.job_spend),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const database = await embeddedDatabase();
  const pglite = database.pglite;
  if (!pglite) throw new Error('the analysis-cost bench needs the embedded database');
  const meter = new CostMeter();
  const queueMeter = { statements: 0 };
  const query = pglite.query.bind(pglite);
  pglite.query = (async (text: string, parameters?: unknown[], options?: object) => {
    const result = await query(text, parameters, options);
    if (LOCAL_QUEUE_STATEMENT.test(text)) queueMeter.statements += 1;
    else meter.statement(text, parameters ?? [], result.rows);
    return result;
  }) as typeof pglite.query;
  let bench: JobBench | undefined;
  try {
    bench = await startJobBench(database, loadConfig({}), {
      concurrency: 1,
      maxJobs: 0,
      models: offlineModels,
      observer: meter,
    });
    for (let index = 0; index < WARMUP_JOBS; index += 1) await bench.runOne();

    const perSpecialist: Record<string, unknown> = {};
    for (const specialist of ['reporter', 'charter', 'retirement'] as const) {
      meter.reset();
      for (let index = 0; index < JOBS_PER_SPECIALIST; index += 1) {
        await bench.runOne([specialist]);
      }
      perSpecialist[specialist] = meter.perJob(JOBS_PER_SPECIALIST);
    }

    meter.reset();
    queueMeter.statements = 0;
    const jobIds: string[] = [];
    const wallMs: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let index = 0; index < WHOLE_JOBS; index += 1) {
      const { jobId, ms } = await bench.runOne();
      jobIds.push(jobId);
      wallMs.push(ms);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const steps = meter.perJob(WHOLE_JOBS);
    const totals: Omit<StepCost, 'cpu_ms'> = {
      statements: 0,
      transactions: 0,
      data_api_requests: 0,
      bytes_sent: 0,
      bytes_received: 0,
      largest_row_bytes: 0,
    };
    for (const step of Object.values(steps)) {
      totals.statements += step.statements;
      totals.transactions += step.transactions;
      totals.data_api_requests += step.data_api_requests;
      totals.bytes_sent += step.bytes_sent;
      totals.bytes_received += step.bytes_received;
      totals.largest_row_bytes = Math.max(totals.largest_row_bytes, step.largest_row_bytes);
    }
    return {
      portfolio: 'demo (12 positions, 3 accounts), every agent on its offline writer',
      database: 'PGlite in memory, local queue, one job at a time',
      statistic: `whole job: mean of ${WHOLE_JOBS} jobs; per specialist: mean of ${JOBS_PER_SPECIALIST} jobs running only it; after ${WARMUP_JOBS} warm-up jobs`,
      whole_job: {
        cpu_ms: round((cpu.user + cpu.system) / 1000 / WHOLE_JOBS),
        wall_ms_median: round(median(wallMs)),
        ...totals,
        local_queue_statements: round(queueMeter.statements / WHOLE_JOBS),
        by_step: steps,
        stored_bytes: await storedBytes({ jobIds }, database.db),
      },
      one_specialist_jobs: perSpecialist,
    };
  } finally {
    await bench?.close();
    await database.close();
  }
}
