// Jobs through the real worker path with language models that answer at once: the demo
// portfolio (12 positions, three accounts) analysed by the planner pipeline, the three
// specialists writing with scripted models of zero latency, the tagger and planner offline
// (for this portfolio they make no model call either way: every symbol is reference data and
// there is no free-text request). Measured on the embedded path (PGlite in memory, local queue,
// one worker in this process) and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on the
// pg-boss path (PostgreSQL, pg-boss in a schema of its own, both dropped afterwards).
//
// Reported: jobs per second with a batch queued at once, end-to-end latency of one job at a
// time (submit → finished), and the per-job overhead: that latency minus the time spent inside
// the agents on the job's critical path (tagger + planner + the slowest specialist). The
// retirement agent's Monte Carlo (10,000 paths) is agent time, not overhead.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { MockLanguageModelV4 } from 'ai/test';
import { REPORT_SECTIONS } from '../src/agents/reporter/index.ts';
import { projectSnapshot } from '../src/agents/retirement/outlook.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { AgentName, SpecialistName } from '../src/contracts/jobs.ts';
import type { Services } from '../src/entry/compose.ts';
import { createJobRuntime } from '../src/entry/job-runtime.ts';
import { startWorker } from '../src/entry/worker.ts';
import type { RetirementProjector } from '../src/jobs/deps.ts';
import { submitJob, type ProgressEvent } from '../src/jobs/index.ts';
import { createKnowledgeService } from '../src/knowledge/index.ts';
import type { AgentModel, LlmAgentModel, ModelRegistry } from '../src/llm/index.ts';
import { reply, scriptedModel } from '../src/llm/testing/scripted-model.ts';
import { silentLogger } from '../src/log.ts';
import { Secret } from '../src/secret.ts';
import { openDatabase, type DatabaseHandle } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { createRepositories } from '../src/store/repositories/index.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../src/store/seeds/demo-portfolio.ts';

const WARMUP_JOBS = 3;
const EMBEDDED_BATCH = 20;
const SEQUENTIAL_JOBS = 10;
const PGBOSS_BATCH = 20;
const PGBOSS_CONCURRENCY = 4;
const TARGET_PER_JOB_OVERHEAD_MS = 100;

/** The demo portfolio's total at the seed prices, rounded to the dollar as a report quotes it. */
const DEMO_TOTAL_TEXT = '$254,397';

/** Valid answers of the three specialists for the demo portfolio (also used by tokens.bench.ts). */
export const SPECIALIST_ANSWERS = {
  reporter: {
    markdown: REPORT_SECTIONS.map((section, index) =>
      index === 0
        ? `## ${section}\n\nYour portfolio is worth ${DEMO_TOTAL_TEXT} across three accounts.`
        : `## ${section}\n\nNotes on ${section.toLowerCase()}.`,
    ).join('\n\n'),
  },
  charter: {
    charts: [
      { key: 'asset_class_allocation', title: 'What your money is in', description: 'By class.' },
      { key: 'top_holdings', title: 'Biggest holdings', description: 'Largest first.' },
      { key: 'region_allocation', title: 'Where in the world', description: 'By region.' },
      { key: 'account_values', title: 'By account', description: 'Each account.' },
    ],
  },
  retirement: {
    readiness: 'The projection looks at the plan across many market paths.',
    risks: '- A weak market early in retirement hurts most.',
    levers: 'Saving more or retiring later both help.',
    limitations: 'Taxes and other income are left out.',
  },
} as const;

type Specialist = keyof typeof SPECIALIST_ANSWERS;
export const SPECIALISTS = Object.keys(SPECIALIST_ANSWERS) as Specialist[];

/**
 * Each specialist gets a scripted model answering `calls` times with a valid answer, after
 * `latencyMs` (0: at once); the tagger and planner are offline.
 */
export function scriptedRegistry(calls: number, latencyMs = 0): ModelRegistry {
  const models = Object.fromEntries(
    SPECIALISTS.map((agent) => {
      const scripted = scriptedModel(
        Array.from({ length: calls }, () => reply.json(SPECIALIST_ANSWERS[agent])),
        { label: `scripted:${agent}` },
      );
      return [agent, latencyMs > 0 ? withLatency(scripted, latencyMs) : scripted];
    }),
  ) as Record<Specialist, LlmAgentModel>;
  return {
    modelFor: (agent: AgentName): AgentModel =>
      agent in models ? models[agent as Specialist] : { kind: 'offline' },
  };
}

/** The same model, answering each call only after `latencyMs` (or when the call is aborted). */
function withLatency(model: LlmAgentModel, latencyMs: number): LlmAgentModel {
  const inner = model.model as MockLanguageModelV4;
  return {
    kind: 'llm',
    label: model.label,
    model: new MockLanguageModelV4({
      provider: 'scripted',
      modelId: model.label,
      doGenerate: async (options) => {
        await sleep(latencyMs, undefined, { signal: options.abortSignal });
        return inner.doGenerate(options);
      },
    }),
  };
}

/**
 * Told when each agent run (or the job's retirement projection, as `projection`) starts and
 * ends; analysis-cost.bench.ts charges CPU time and queries to it.
 */
export interface AgentObserver {
  started(step: AgentName | 'projection'): void;
  ended(step: AgentName | 'projection'): void;
}

/** The agent, reporting the wall-clock time of each run to `record` (and to `observer`). */
function timed<Agent extends { name: AgentName; run: (...args: never[]) => Promise<unknown> }>(
  agent: Agent,
  record: (agent: AgentName, ms: number) => void,
  observer?: AgentObserver,
): Agent {
  return {
    ...agent,
    run: async (...args: Parameters<Agent['run']>) => {
      observer?.started(agent.name);
      const started = performance.now();
      try {
        return await agent.run(...args);
      } finally {
        record(agent.name, performance.now() - started);
        observer?.ended(agent.name);
      }
    },
  };
}

/** The in-thread projection (what runs without a projector), reported to `observer`. */
function observedProjector(observer: AgentObserver): RetirementProjector {
  return {
    project: (snapshot, retirementOptions, startYear) => {
      observer.started('projection');
      try {
        return Promise.resolve(projectSnapshot(snapshot, retirementOptions, startYear));
      } finally {
        observer.ended('projection');
      }
    },
  };
}

export interface JobBench {
  /**
   * Queue one job for the demo user (all eligible specialists, or only `agents`); resolves when
   * it has finished, with its latency in ms.
   */
  runOne(agents?: SpecialistName[]): Promise<{ jobId: string; ms: number }>;
  /** Queue `count` jobs at once; resolves when all have finished, with the elapsed ms. */
  runBatch(count: number): Promise<number>;
  /** Time inside each agent for a job (wall-clock ms). */
  agentTimes(jobId: string): Partial<Record<AgentName, number>>;
  close(): Promise<void>;
}

/**
 * A worker in this process on `database` (migrated, demo portfolio seeded), with scripted
 * specialist models answering after `latencyMs` (or the `models` given).
 */
export async function startJobBench(
  database: DatabaseHandle,
  config: Config,
  options: {
    concurrency: number;
    latencyMs?: number;
    maxJobs: number;
    models?: ModelRegistry;
    observer?: AgentObserver;
  },
): Promise<JobBench> {
  const repositories = createRepositories(database.db);
  const logger = silentLogger();
  // As createServices composes them, on a database opened here (in memory for the embedded path).
  const knowledge = createKnowledgeService({
    db: database.db,
    config: config.knowledge,
    llm: config.llm,
    vectorAvailable: database.vectorAvailable,
    logger,
  });
  await knowledge.ensureStarterCorpus();
  const services: Services = {
    config,
    logger,
    database,
    repositories,
    migrations: { applied: [], waiting: [] },
    knowledge,
    close: () => database.close(),
  };
  const finished = new Map<string, () => void>();
  // Agent times are read for jobs run one at a time, so they belong to the job last claimed.
  let currentJob = '';
  const runtime = await createJobRuntime(services, {
    onProgress: (event: ProgressEvent) => {
      if (event.type === 'job-claimed') currentJob = event.jobId;
      if (event.type === 'job-finished') finished.get(event.jobId)?.();
    },
  });
  const spent = new Map<string, Partial<Record<AgentName, number>>>();
  const record = (agent: AgentName, ms: number) => {
    const times = spent.get(currentJob) ?? {};
    times[agent] = (times[agent] ?? 0) + ms;
    spent.set(currentJob, times);
  };
  const { agents } = runtime.deps;
  const deps = {
    ...runtime.deps,
    models: options.models ?? scriptedRegistry(options.maxJobs, options.latencyMs ?? 0),
    agents: {
      tagger: timed(agents.tagger, record, options.observer),
      planner: timed(agents.planner, record, options.observer),
      reporter: timed(agents.reporter, record, options.observer),
      charter: timed(agents.charter, record, options.observer),
      retirement: timed(agents.retirement, record, options.observer),
    },
    ...(options.observer ? { retirementProjector: observedProjector(options.observer) } : {}),
  };
  const worker = await startWorker(
    services,
    { deps, queue: runtime.queue },
    { concurrency: options.concurrency },
  );

  async function submit(
    agents?: SpecialistName[],
  ): Promise<{ jobId: string; done: Promise<void> }> {
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    // The job id is only known once the row exists; the queue may deliver right after, so
    // the listener is keyed as soon as submitJob returns and a finish seen earlier is kept.
    const job = await submitJob({ repositories, queue: runtime.queue }, DEMO_USER_ID, {
      analysis_type: 'portfolio_analysis',
      ...(agents ? { agents } : {}),
    });
    finished.set(job.id, resolveDone);
    const current = await repositories.jobs.findForWorker(job.id);
    if (current && ['completed', 'partial', 'failed'].includes(current.status)) resolveDone();
    return { jobId: job.id, done };
  }

  return {
    async runOne(agents) {
      const started = performance.now();
      const { jobId, done } = await submit(agents);
      await done;
      const ms = performance.now() - started;
      const job = await repositories.jobs.findForWorker(jobId);
      if (job?.status !== 'completed') throw new Error(`job ${jobId} ended ${job?.status}`);
      return { jobId, ms };
    },
    async runBatch(count) {
      const started = performance.now();
      const submitted = [];
      for (let index = 0; index < count; index += 1) submitted.push(await submit());
      await Promise.all(submitted.map((entry) => entry.done));
      const ms = performance.now() - started;
      for (const { jobId } of submitted) {
        const job = await repositories.jobs.findForWorker(jobId);
        if (job?.status !== 'completed') throw new Error(`job ${jobId} ended ${job?.status}`);
      }
      return ms;
    },
    agentTimes: (jobId) => spent.get(jobId) ?? {},
    async close() {
      await worker.stop();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export const round = (value: number) => Math.round(value * 10) / 10;

/** An in-memory embedded database, migrated, with the demo portfolio. */
export async function embeddedDatabase(): Promise<DatabaseHandle> {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory' }, { inMemory: true });
  await migrate(database.db, { vectorAvailable: database.vectorAvailable });
  await seedDemoPortfolio(createRepositories(database.db));
  return database;
}

/** Latency of one job at a time and the part of it spent outside the agents. */
export async function measureLatency(bench: JobBench, jobs: number) {
  const latencies: number[] = [];
  const overheads: number[] = [];
  const criticalAgents: number[] = [];
  const perAgent: Partial<Record<AgentName, number[]>> = {};
  for (let index = 0; index < jobs; index += 1) {
    const { jobId, ms } = await bench.runOne();
    const times = bench.agentTimes(jobId);
    for (const [agent, agentMs] of Object.entries(times) as [AgentName, number][]) {
      (perAgent[agent] ??= []).push(agentMs);
    }
    const slowestSpecialist = Math.max(...SPECIALISTS.map((agent) => times[agent] ?? 0));
    const critical = (times.tagger ?? 0) + (times.planner ?? 0) + slowestSpecialist;
    latencies.push(ms);
    criticalAgents.push(critical);
    overheads.push(ms - critical);
  }
  return {
    job_ms: round(median(latencies)),
    agents_critical_path_ms: round(median(criticalAgents)),
    overhead_ms: round(median(overheads)),
    agent_ms: Object.fromEntries(
      Object.entries(perAgent).map(([agent, values]) => [agent, round(median(values))]),
    ),
  };
}

async function embeddedPath(): Promise<Record<string, unknown>> {
  const database = await embeddedDatabase();
  const bench = await startJobBench(database, loadConfig({}), {
    concurrency: 1,
    maxJobs: WARMUP_JOBS + EMBEDDED_BATCH + SEQUENTIAL_JOBS,
  });
  try {
    for (let index = 0; index < WARMUP_JOBS; index += 1) await bench.runOne();
    const batchMs = await bench.runBatch(EMBEDDED_BATCH);
    const latency = await measureLatency(bench, SEQUENTIAL_JOBS);
    return {
      queue: 'local (jobs table), worker concurrency 1, PGlite in memory',
      batch_jobs: EMBEDDED_BATCH,
      jobs_per_second: round(EMBEDDED_BATCH / (batchMs / 1000)),
      one_at_a_time: { jobs: SEQUENTIAL_JOBS, statistic: 'median', ...latency },
      target_overhead_ms: TARGET_PER_JOB_OVERHEAD_MS,
      meets_target: latency.overhead_ms < TARGET_PER_JOB_OVERHEAD_MS,
    };
  } finally {
    await bench.close();
    await database.close();
  }
}

async function pgbossPath(): Promise<Record<string, unknown>> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  if (!url) return { skipped: 'set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL' };
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const schema = `alex_bench_${suffix}`;
  const pgbossSchema = `pgboss_bench_${suffix}`;
  const database = await openDatabase({ kind: 'postgres', url: new Secret(url) }, { schema });
  let bench: JobBench | undefined;
  try {
    await migrate(database.db, { vectorAvailable: database.vectorAvailable });
    await seedDemoPortfolio(createRepositories(database.db));
    const config = loadConfig({ DATABASE_URL: url, ALEX_PGBOSS_SCHEMA: pgbossSchema });
    bench = await startJobBench(database, config, {
      concurrency: PGBOSS_CONCURRENCY,
      maxJobs: WARMUP_JOBS + PGBOSS_BATCH + SEQUENTIAL_JOBS,
    });
    for (let index = 0; index < WARMUP_JOBS; index += 1) await bench.runOne();
    const batchMs = await bench.runBatch(PGBOSS_BATCH);
    const latency = await measureLatency(bench, SEQUENTIAL_JOBS);
    return {
      queue: `pg-boss, one worker process with concurrency ${PGBOSS_CONCURRENCY}, PostgreSQL`,
      batch_jobs: PGBOSS_BATCH,
      jobs_per_second: round(PGBOSS_BATCH / (batchMs / 1000)),
      one_at_a_time: { jobs: SEQUENTIAL_JOBS, statistic: 'median', ...latency },
    };
  } finally {
    await bench?.close();
    await sql`DROP SCHEMA IF EXISTS ${sql.id(pgbossSchema)} CASCADE`.execute(database.db);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(database.db);
    await database.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  return {
    portfolio: 'demo (12 positions, 3 accounts)',
    models:
      'reporter, charter, retirement: scripted models answering at once with a valid answer; tagger and planner offline (no model call needed for this portfolio)',
    embedded: await embeddedPath(),
    pgboss: await pgbossPath(),
  };
}
