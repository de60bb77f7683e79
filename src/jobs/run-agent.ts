import type { AgentDefinition, AgentResult } from '../agents/agent.ts';
import { describeError, TimeoutError } from '../errors.ts';
import { createUsageLedger, type AttemptBudget, type JobSpend } from '../llm/index.ts';
import type { JobDeps } from './deps.ts';

export interface AgentRunOptions {
  jobId: string;
  budget: AttemptBudget;
  /** The job's token and dollar spend; absent, only the attempt budget limits the run. */
  spend?: JobSpend;
  /** The agent's time budget; every model request it makes is aborted when it runs out. */
  timeoutMs: number;
  /**
   * When the job attempt's time runs out (ms since the epoch, on deps.now's clock): the agent's
   * budget is cut to what is left, so a retried or late agent cannot outlast the job.
   */
  endsAtMs?: number;
  /** Whether a failure of this attempt will be followed by another (for progress displays). */
  willRetryOnFailure?: boolean;
}

/**
 * Run one agent once, recorded: an agent_runs row (model, timings, tokens, cost, error),
 * progress events, a timeout that aborts the agent, and the usage of failed calls too.
 * Rethrows the agent's error after recording it.
 */
export async function runRecordedAgent<Input, Output>(
  deps: JobDeps,
  agent: AgentDefinition<Input, Output>,
  input: Input,
  options: AgentRunOptions,
): Promise<AgentResult<Output>> {
  const { jobId } = options;
  const startedMs = performance.now();
  const logger = deps.logger.child({ jobId, agent: agent.name });
  let modelLabel: string | null = null;
  const ledger = createUsageLedger();
  let runId: string | undefined;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    const budgetMs = agentBudgetMs(deps, options);
    const model = deps.models.modelFor(agent.name);
    modelLabel = model.kind === 'llm' ? model.label : 'offline';
    const run = await deps.repositories.agentRuns.start(jobId, agent.name, modelLabel);
    runId = run.id;
    deps.onProgress?.({
      type: 'agent-started',
      jobId,
      agent: agent.name,
      attempt: run.attempt,
      at: deps.now().toISOString(),
    });
    logger.info({ event: 'agent-start', attempt: run.attempt, model: modelLabel });

    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new TimeoutError(`${agent.name} agent`, budgetMs);
        controller.abort(error);
        reject(error);
      }, budgetMs);
    });
    const result = await Promise.race([
      agent.run(input, {
        model,
        budget: options.budget,
        ...(options.spend ? { spend: options.spend } : {}),
        ledger,
        llmTimeoutMs: deps.settings.llmTimeoutMs,
        ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
        logger,
        signal: controller.signal,
        now: deps.now,
      }),
      timeout,
    ]);
    const elapsedMs = performance.now() - startedMs;
    await deps.repositories.agentRuns.finish(run.id, {
      status: 'succeeded',
      model: result.model,
      durationMs: elapsedMs,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      costUsd: result.usage.costUsd,
    });
    deps.onProgress?.({
      type: 'agent-finished',
      jobId,
      agent: agent.name,
      at: deps.now().toISOString(),
      elapsedMs,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      model: result.model,
    });
    logger.info({
      event: 'agent-end',
      status: 'succeeded',
      durationMs: Math.round(elapsedMs),
      ...result.usage,
    });
    return result;
  } catch (error) {
    const elapsedMs = performance.now() - startedMs;
    const usage = ledger.total();
    const reason = describeError(error);
    if (runId) {
      // The agent's own error is what the caller must see: a failure to record the run is
      // logged, never thrown in its place.
      try {
        await deps.repositories.agentRuns.finish(runId, {
          status: 'failed',
          model: modelLabel,
          durationMs: elapsedMs,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          costUsd: usage.costUsd,
          error: reason,
        });
      } catch (bookkeeping) {
        logger.error({
          event: 'agent-run-record-failed',
          runId,
          error: describeError(bookkeeping),
          agentError: reason,
        });
      }
    }
    deps.onProgress?.({
      type: 'agent-failed',
      jobId,
      agent: agent.name,
      at: deps.now().toISOString(),
      elapsedMs,
      error: reason,
      willRetry: options.willRetryOnFailure ?? false,
    });
    logger.warn({
      event: 'agent-end',
      status: 'failed',
      durationMs: Math.round(elapsedMs),
      error: reason,
    });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The agent's time: its own timeout, cut to what is left of the job attempt. Throws when
 * nothing is left, before any run is started or any model request made.
 */
function agentBudgetMs(deps: JobDeps, options: AgentRunOptions): number {
  if (options.endsAtMs === undefined) return options.timeoutMs;
  const leftMs = options.endsAtMs - deps.now().getTime();
  if (leftMs <= 0) {
    throw new TimeoutError(
      `job ${options.jobId} (no time left to start another agent)`,
      deps.settings.jobDeadlineMs,
    );
  }
  return Math.min(options.timeoutMs, leftMs);
}
