import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
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
 * Runs specialists as their own Lambda functions (the seed's layout). Each invoke is
 * synchronous with an explicit timeout. The SDK's automatic retries are off (maxAttempts 1):
 * an invoke is not idempotent, and a retried one could run a specialist twice; the specialist
 * handles its own model retries inside its run.
 */
export function createLambdaSpecialistRunner(options: {
  functionNames: Record<SpecialistName, string>;
  timeoutMs: number;
  client?: Pick<LambdaClient, 'send'>;
}): SpecialistRunner {
  const client = options.client ?? new LambdaClient({ maxAttempts: 1 });
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
      const response = await client.send(
        new InvokeCommand({
          FunctionName: options.functionNames[agent],
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify({ job_id: jobId })),
        }),
        { abortSignal: AbortSignal.timeout(options.timeoutMs) },
      );
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
