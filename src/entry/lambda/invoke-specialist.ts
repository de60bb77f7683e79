import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import type { SpecialistName } from '../../contracts/jobs.ts';
import { describeError } from '../../errors.ts';
import type { SpecialistOutcome, SpecialistRunner } from '../../jobs/index.ts';
import { parseJson } from '../../parse-json.ts';

const outcomeSchema = z.object({
  agent: z.enum(['reporter', 'charter', 'retirement']),
  status: z.enum(['completed', 'failed']),
  error: z.string().optional(),
  elapsedMs: z.number(),
  model: z.string().nullable(),
});

/**
 * A throttled invoke (HTTP 429, TooManyRequestsException) never started the function, so it
 * is safe to repeat, unlike any other failure. Waits double from 1 s, capped at 8 s, honour
 * the Retry-After Lambda sends, and stop after 60 s in all: the planner has 900 s for the whole
 * job and three specialists to wait for, and a throttle lasting a minute means the account's
 * concurrency is exhausted (docs/deploy-aws.md, "Concurrency"), which waiting will not fix.
 */
const THROTTLE_FIRST_WAIT_MS = 1000;
const THROTTLE_MAX_WAIT_MS = 8000;
const THROTTLE_TOTAL_WAIT_MS = 60_000;

function throttleWaitMs(error: unknown, attempt: number): number | undefined {
  const throttled =
    error instanceof TooManyRequestsException ||
    (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode ===
      429;
  if (!throttled) return undefined;
  const retryAfterSeconds = Number((error as { retryAfterSeconds?: string }).retryAfterSeconds);
  const backoff = Math.min(THROTTLE_FIRST_WAIT_MS * 2 ** attempt, THROTTLE_MAX_WAIT_MS);
  return Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
    ? Math.min(retryAfterSeconds * 1000, THROTTLE_MAX_WAIT_MS)
    : backoff;
}

/**
 * Runs specialists as their own Lambda functions (the seed's layout). Each invoke is
 * synchronous with an explicit timeout. The SDK's automatic retries are off (maxAttempts 1):
 * an invoke is not idempotent, and a retried one could run a specialist twice; the specialist
 * handles its own model retries inside its run. Only a throttled invoke is repeated (above).
 */
export function createLambdaSpecialistRunner(options: {
  functionNames: Record<SpecialistName, string>;
  timeoutMs: number;
  client?: Pick<LambdaClient, 'send'>;
  /** Waits between throttled invokes; tests pass one that records instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}): SpecialistRunner {
  const client = options.client ?? new LambdaClient({ maxAttempts: 1 });
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const invoke = async (agent: SpecialistName, jobId: string) => {
    let waitedMs = 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await client.send(
          new InvokeCommand({
            FunctionName: options.functionNames[agent],
            InvocationType: 'RequestResponse',
            Payload: new TextEncoder().encode(JSON.stringify({ job_id: jobId })),
          }),
          { abortSignal: AbortSignal.timeout(options.timeoutMs) },
        );
      } catch (error) {
        const waitMs = throttleWaitMs(error, attempt);
        if (waitMs === undefined || waitedMs + waitMs > THROTTLE_TOTAL_WAIT_MS) throw error;
        waitedMs += waitMs;
        await sleep(waitMs);
      }
    }
  };
  return async (agent, jobId) => {
    const startedMs = performance.now();
    const failed = (error: string): SpecialistOutcome => ({
      agent,
      status: 'failed',
      error,
      elapsedMs: performance.now() - startedMs,
      model: null,
    });
    try {
      const response = await invoke(agent, jobId);
      const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
      if (response.FunctionError)
        return failed(`${options.functionNames[agent]} failed: ${text.slice(0, 500)}`);
      const outcome = parseJson(text, outcomeSchema, `${agent} response`);
      if (outcome.agent !== agent) {
        return failed(
          `${options.functionNames[agent]} answered as the ${outcome.agent}: check ALEX_FUNCTION_${agent.toUpperCase()}`,
        );
      }
      return outcome;
    } catch (error) {
      return failed(`invoking ${options.functionNames[agent]}: ${describeError(error)}`);
    }
  };
}
