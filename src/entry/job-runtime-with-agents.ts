import type {
  AgentSet,
  JobDeps,
  JobSettings,
  ProgressListener,
  RetirementProjector,
} from '../jobs/index.ts';
import { DEFAULT_JOB_SETTINGS, heartbeatSettings } from '../jobs/settings.ts';
import { createModelRegistry } from '../llm/index.ts';
import { createPriceSource, createStoredPriceSource, refreshPrices } from '../market/index.ts';
import { createJobQueue } from '../queue/create-job-queue.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { loadLifeTable } from '../store/reference/life-table.ts';
import type { Services } from './compose.ts';

/** What a process needs to create and run jobs: the job dependencies and the queue. */
export interface JobRuntime {
  deps: JobDeps;
  queue: JobQueue;
}

export interface JobRuntimeOptions {
  onProgress?: ProgressListener;
  settings?: Partial<JobSettings>;
  /** Long-running processes pass a worker-thread pool (retirement-projector.ts). */
  retirementProjector?: RetirementProjector;
}

/**
 * The job runtime over the agents given. A Lambda function passes only the agents it runs, so
 * its bundle holds no other agent's code (issue 13); everything else uses createJobRuntime.
 */
export async function createJobRuntimeWithAgents(
  services: Services,
  agents: AgentSet,
  options: JobRuntimeOptions = {},
): Promise<JobRuntime> {
  const { config, repositories, logger } = services;
  const storedPrices = createStoredPriceSource(repositories.instruments);
  const marketPrices = createPriceSource(config.market, {
    cache: repositories.dailyCloses,
    storedPrices: repositories.instruments,
    logger,
  });
  // Offline, the market source is itself the stored prices: refreshPrices then reports every
  // price as stored, with its age, instead of asking twice.
  const fallback = marketPrices.name === 'stored' ? marketPrices : storedPrices;
  const deps: JobDeps = {
    repositories,
    agents,
    models: createModelRegistry(config.llm),
    refreshPrices: (symbols) => refreshPrices({ symbols, source: marketPrices, fallback }),
    knowledge: services.knowledge,
    lifeTable: loadLifeTable(),
    logger,
    now: () => new Date(),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.retirementProjector ? { retirementProjector: options.retirementProjector } : {}),
    settings: {
      ...DEFAULT_JOB_SETTINGS,
      llmTimeoutMs: config.llm.timeoutMs,
      spendCeiling: config.jobSpendCeiling,
      ...heartbeatSettings(config.jobs.heartbeatSeconds),
      ...options.settings,
    },
  };
  const queue = await createJobQueue(config, {
    database: services.database,
    onError: (error, jobId) => logger.error({ event: 'queue-error', jobId, error: String(error) }),
  });
  return { deps, queue };
}
