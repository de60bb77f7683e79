import type { AgentDefinition, AgentResult } from '../agents/agent.ts';
import { describeError, TimeoutError } from '../errors.ts';
import { createUsageLedger, type AttemptBudget, type JobSpend } from '../llm/index.ts';
import type { JobDeps } from './deps.ts';
import { DEADLINE_MARGIN_MS } from './settings.ts';

export interface AgentRunOptions {
  jobId: string;
  budget: AttemptBudget;
  /** The job's token and dollar spend; absent, only the attempt budget limits the run. */
  spend?: JobSpend;
  /** The agent's time budget; every model request it makes is aborted when it runs out. */
  timeoutMs: number;
  /** The job attempt's deadline: the run is cut short to end before it (less a margin). */
  deadlineAt?: string | null;
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
    const timeoutMs = runTimeoutMs(options, deps.now());
    // No run is started and no model request made once the job has no time left.
    if (timeoutMs <= 0) {
      throw new TimeoutError(
        `job ${jobId} (no time left to start another agent)`,
        deps.settings.jobDeadlineMs,
      );
    }
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
        const what =
          timeoutMs < options.timeoutMs
            ? `${agent.name} agent (cut short by the job's deadline)`
            : `${agent.name} agent`;
        const error = new TimeoutError(what, timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
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

/** The agent's own timeout, or less when the job's deadline (less the margin) comes first. */
export function runTimeoutMs(
  options: Pick<AgentRunOptions, 'timeoutMs' | 'deadlineAt'>,
  now: Date,
): number {
  if (!options.deadlineAt) return options.timeoutMs;
  const leftMs = Date.parse(options.deadlineAt) - DEADLINE_MARGIN_MS - now.getTime();
  return Math.max(0, Math.min(options.timeoutMs, leftMs));
}
