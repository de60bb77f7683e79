import { loadConfig } from '../../config.ts';
import { createServices, type Services } from '../compose.ts';
import { createJobRuntime, type JobRuntime } from '../job-runtime.ts';
import { createLambdaSpecialistRunner } from './invoke-specialist.ts';
import { createRedeliveryDeferral, type DeferRedelivery } from './redelivery.ts';
import { environmentWithSecrets } from './secrets.ts';
import type { SpecialistRunner } from '../../jobs/index.ts';

/** What every Lambda handler works with; built once per container (cold start) and reused. */
export interface LambdaRuntime {
  services: Services;
  jobs: JobRuntime;
  /** Set when ALEX_AGENT_INVOKE=lambda: the planner invokes the specialist functions. */
  specialistRunner: SpecialistRunner | undefined;
  /** Set with ALEX_QUEUE=sqs: brings a failed message's redelivery forward. */
  deferRedelivery?: DeferRedelivery | undefined;
}

let coldStart: Promise<LambdaRuntime> | undefined;

/**
 * The container's runtime: secrets read, configuration validated, database connected and its
 * schema version checked (never migrated: the functions' database user has no DDL rights, and
 * `alex aws migrate` or `alex deploy` moves the schema forward before new code runs). Built
 * once and reused while it works; a cold start that failed (Secrets Manager or the database
 * briefly unreachable) is forgotten, so the next invocation in this container tries again
 * instead of failing for the container's whole life.
 */
export function lambdaRuntime(): Promise<LambdaRuntime> {
  coldStart ??= startContainer().catch((error: unknown) => {
    coldStart = undefined;
    throw error;
  });
  return coldStart;
}

async function startContainer(): Promise<LambdaRuntime> {
  // eslint-disable-next-line no-restricted-properties -- the Lambda entry passes its environment to loadConfig
  const { env, warnings } = await environmentWithSecrets(process.env);
  const services = await createServices(loadConfig(env), { schema: 'verify' });
  for (const warning of warnings) services.logger.warn({ event: 'cold-start-notice' }, warning);
  try {
    return await createLambdaRuntime(services);
  } catch (error) {
    await services.close();
    throw error;
  }
}

// A specialist function may run 300 s (infra/terraform/agents). Both of its attempts must fit
// in that, after a cold start that may spend RESUME_BUDGET_MS (60 s) waiting for an
// auto-paused Aurora to resume, or AWS stops it before its own timeout can record the failure
// and retry: 60 + 2 × 110 = 280 s, leaving 20 s for reading the job and writing the result.
// The planner waits for the function's whole limit plus a margin for the invoke itself.
const SPECIALIST_FUNCTION_LIMIT_MS = 300_000;
const SPECIALIST_ATTEMPT_TIMEOUT_MS = 110_000;
const INVOKE_MARGIN_MS = 10_000;

export async function createLambdaRuntime(services: Services): Promise<LambdaRuntime> {
  const jobs = await createJobRuntime(services, {
    settings: { specialistTimeoutMs: SPECIALIST_ATTEMPT_TIMEOUT_MS, specialistAttempts: 2 },
  });
  const { config } = services;
  return {
    services,
    jobs,
    specialistRunner:
      config.agentInvoke === 'lambda'
        ? createLambdaSpecialistRunner({
            functionNames: config.functionNames,
            timeoutMs: SPECIALIST_FUNCTION_LIMIT_MS + INVOKE_MARGIN_MS,
          })
        : undefined,
    deferRedelivery: await sqsRedeliveryDeferral(config),
  };
}

async function sqsRedeliveryDeferral(
  config: LambdaRuntime['services']['config'],
): Promise<DeferRedelivery | undefined> {
  if (config.queue.kind !== 'sqs' || !config.queue.sqsQueueUrl) return undefined;
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  const region = config.awsRegion;
  return createRedeliveryDeferral(
    new SQSClient(region ? { region } : {}),
    config.queue.sqsQueueUrl,
  );
}
