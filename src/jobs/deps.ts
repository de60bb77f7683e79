import type { AgentDefinition, KnowledgeSearch } from '../agents/agent.ts';
import type { PlannerInput, PlannerOutput } from '../agents/planner/index.ts';
import type { ReporterInput } from '../agents/reporter/index.ts';
import type { Projection, RetirementInput, RetirementOptions } from '../agents/retirement/index.ts';
import type { PortfolioSnapshot } from '../agents/portfolio-snapshot.ts';
import type { TaggerInput, TaggerOutput } from '../agents/tagger/index.ts';
import type { ChartsPayload, ReportPayload, RetirementPayload } from '../contracts/payloads.ts';
import type { AnnualReturnRow, PeriodLifeTable } from '../core/index.ts';
import type { ModelRegistry, SpendCeiling } from '../llm/index.ts';
import type { Logger } from '../log.ts';
import type { PriceRefresh } from '../market/refresh-prices.ts';
import type { Repositories } from '../store/repositories/index.ts';
import type { ProgressListener } from './progress.ts';

/** The five agents, as the pipeline runs them. */
export interface AgentSet {
  tagger: AgentDefinition<TaggerInput, TaggerOutput>;
  planner: AgentDefinition<PlannerInput, PlannerOutput>;
  reporter: AgentDefinition<ReporterInput, ReportPayload>;
  charter: AgentDefinition<{ snapshot: ReporterInput['snapshot'] }, ChartsPayload>;
  retirement: AgentDefinition<RetirementInput, RetirementPayload>;
}

/** Time and retry limits of a job; the defaults and their reasons are in settings.ts. */
export interface JobSettings {
  /** A running job whose worker has not finished by then is reaped. */
  jobDeadlineMs: number;
  /** The tagger's run (model calls included) may take this long. */
  taggerTimeoutMs: number;
  /** The planner's routing run may take this long. */
  plannerTimeoutMs: number;
  /** One specialist attempt (model calls included) may take this long. */
  specialistTimeoutMs: number;
  /** Attempts per specialist for retryable failures (timeouts, provider outages). */
  specialistAttempts: number;
  /** Per model request, passed to agents. */
  llmTimeoutMs: number;
  /** Model requests one job may make in all, across agents and retries. */
  modelAttemptsPerJob: number;
  /** Tokens and dollars one job may spend in all, across agents, retries and job attempts. */
  spendCeiling: SpendCeiling;
  /** How often the worker running a job marks it alive. */
  heartbeatIntervalMs: number;
  /** A running job silent for this long lost its worker and is handed to another. */
  heartbeatTimeoutMs: number;
}

/** Everything the job code works with, passed in (adapters behind their ports). */
export interface JobDeps {
  repositories: Pick<
    Repositories,
    'jobs' | 'agentRuns' | 'jobSpend' | 'portfolios' | 'instruments'
  >;
  agents: AgentSet;
  models: ModelRegistry;
  /** Fresh prices for symbols, keeping the last stored ones where the market has none. */
  refreshPrices: (symbols: string[]) => Promise<PriceRefresh>;
  knowledge?: KnowledgeSearch;
  /** Annual returns for the historical and bootstrap retirement models. */
  historicalReturns?: AnnualReturnRow[];
  /** SSA's period life table: the retirement projection's horizon and longevity view. */
  lifeTable?: PeriodLifeTable;
  logger: Logger;
  now: () => Date;
  onProgress?: ProgressListener;
  /**
   * Where the job's retirement projection (the Monte Carlo and its levers) runs when not on
   * the event loop: a long-running process passes a worker-thread pool. Unset: in this thread.
   */
  retirementProjector?: RetirementProjector;
  settings: JobSettings;
}

/** Runs a snapshot's retirement projection off the calling thread. */
export interface RetirementProjector {
  /** The same projection projectSnapshot returns for these arguments, computed elsewhere. */
  project(
    snapshot: PortfolioSnapshot,
    options: RetirementOptions | undefined,
    startYear: number,
  ): Promise<Projection>;
}
