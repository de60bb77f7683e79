import type { Config } from '../../config.ts';
import { loadConfig } from '../../config.ts';
import type { AgentSet, SpecialistRunner } from '../../jobs/index.ts';
import { createServices, type Services } from '../compose.ts';
import { createJobRuntimeWithAgents, type JobRuntime } from '../job-runtime-with-agents.ts';
import type { DeferRedelivery } from './redelivery.ts';
import { onceWhileItWorks } from './once-while-it-works.ts';
import { environmentWithSecrets } from './secrets.ts';

/** What every Lambda handler works with; built once per container (cold start) and reused. */
export interface LambdaRuntime {
  services: Services;
  jobs: JobRuntime;
  /** Set when ALEX_AGENT_INVOKE=lambda: the planner invokes the specialist functions. */
  specialistRunner: SpecialistRunner | undefined;
  /** Set with ALEX_QUEUE=sqs: brings a failed message's redelivery forward. */
  deferRedelivery?: DeferRedelivery | undefined;
}

/**
 * What differs between the five functions. Each handler file names only what it runs, so
 * esbuild bundles no other agent, and no Lambda or SQS client where none is used (issue 13).
 */
export interface FunctionWiring {
  /** The agents the function runs (function-agents.ts). */
  agents(config: Config): AgentSet | Promise<AgentSet>;
  /** The planner's: how it reaches the specialist functions and defers a failed message. */
  queueConsumer?(
    config: Config,
  ): Promise<Pick<LambdaRuntime, 'specialistRunner' | 'deferRedelivery'>>;
}

/**
 * The container's runtime: secrets read, configuration validated, database connected, the
 * function's agents loaded. Built once and reused while it works; a cold start that failed
 * (Secrets Manager or the database briefly unreachable) is forgotten, so the next invocation
 * in this container tries again instead of failing for the container's whole life.
 */
export function containerRuntime(wiring: FunctionWiring): () => Promise<LambdaRuntime> {
  return onceWhileItWorks(() => startContainer(wiring));
}

async function startContainer(wiring: FunctionWiring): Promise<LambdaRuntime> {
  // eslint-disable-next-line no-restricted-properties -- the Lambda entry passes its environment to loadConfig
  const { env, warnings } = await environmentWithSecrets(process.env);
  const services = await createServices(loadConfig(env), { schema: 'verify' });
  for (const warning of warnings) services.logger.warn({ event: 'cold-start-notice' }, warning);
  try {
    return await createFunctionRuntime(services, wiring);
  } catch (error) {
    await services.close();
    throw error;
  }
}

// A specialist function may run 300 s (infra/terraform/agents). Both of its attempts must fit
// in that, after a cold start that may spend RESUME_BUDGET_MS (60 s) waiting for an
// auto-paused Aurora to resume, or AWS stops it before its own timeout can record the failure
// and retry: 60 + 2 × 110 = 280 s, leaving 20 s for reading the job and writing the result.
const SPECIALIST_ATTEMPT_TIMEOUT_MS = 110_000;

/** The function's runtime over services already created (tests and `alex dev aws` too). */
export async function createFunctionRuntime(
  services: Services,
  wiring: FunctionWiring,
): Promise<LambdaRuntime> {
  const jobs = await createJobRuntimeWithAgents(services, await wiring.agents(services.config), {
    settings: { specialistTimeoutMs: SPECIALIST_ATTEMPT_TIMEOUT_MS, specialistAttempts: 2 },
  });
  const consumer = await wiring.queueConsumer?.(services.config);
  return {
    services,
    jobs,
    specialistRunner: consumer?.specialistRunner,
    deferRedelivery: consumer?.deferRedelivery,
  };
}
