import { planner } from '../../agents/planner/index.ts';
import { createTagger } from '../../agents/tagger/index.ts';
import type { Config } from '../../config.ts';
import type { AgentSet } from '../../jobs/index.ts';
import { loadReferenceInstruments } from '../../store/reference/reference-instruments.ts';
import type { Services } from '../compose.ts';
import {
  containerRuntime,
  createFunctionRuntime,
  type FunctionWiring,
  type LambdaRuntime,
} from './container.ts';
import { agentsOfFunction } from './function-agents.ts';
import { createLambdaSpecialistRunner } from './invoke-specialist.ts';
import { createRedeliveryDeferral, type DeferRedelivery } from './redelivery.ts';

// The planner function's runtime. The other functions wire their own (container.ts), so that
// none of them bundles the planner's Lambda and SQS clients or another agent.

export type { LambdaRuntime } from './container.ts';

// The planner waits for a specialist function's whole limit (300 s, infra/terraform/agents)
// plus a margin for the invoke itself.
const SPECIALIST_FUNCTION_LIMIT_MS = 300_000;
const INVOKE_MARGIN_MS = 10_000;

async function queueConsumer(
  config: Config,
): Promise<Pick<LambdaRuntime, 'specialistRunner' | 'deferRedelivery'>> {
  return {
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

async function sqsRedeliveryDeferral(config: Config): Promise<DeferRedelivery | undefined> {
  if (config.queue.kind !== 'sqs' || !config.queue.sqsQueueUrl) return undefined;
  // Through our module, not import('@aws-sdk/client-sqs'), whose named exports a bundle's
  // chunk would not have (sqs-queue.ts says why).
  const { createSqsClient } = await import('../../queue/sqs-queue.ts');
  return createRedeliveryDeferral(createSqsClient(config.awsRegion), config.queue.sqsQueueUrl);
}

/**
 * The planner function's agents: the Planner and the Tagger, which run in its process, and the
 * specialists only when it runs them itself instead of invoking their functions
 * (ALEX_AGENT_INVOKE=lambda, as infra/terraform sets).
 */
function plannerFunctionAgents(config: Config): Promise<AgentSet> {
  if (config.agentInvoke === 'lambda')
    return Promise.resolve(
      agentsOfFunction('planner', {
        planner,
        tagger: createTagger({ reference: loadReferenceInstruments() }),
      }),
    );
  return everyAgent();
}

/**
 * All five agents. The specialists are imported here, on demand, so their code sits in chunks
 * that a planner invoking the specialist functions never loads.
 */
async function everyAgent(): Promise<AgentSet> {
  const [{ reporter }, { charter }, { retirement }] = await Promise.all([
    import('../../agents/reporter/index.ts'),
    import('../../agents/charter/index.ts'),
    import('../../agents/retirement/index.ts'),
  ]);
  const tagger = createTagger({ reference: loadReferenceInstruments() });
  return { planner, tagger, reporter, charter, retirement };
}

const plannerWiring: FunctionWiring = { agents: plannerFunctionAgents, queueConsumer };

/** The planner container's runtime, built on the first invocation (the cold start). */
export const lambdaRuntime = containerRuntime(plannerWiring);

/**
 * A planner runtime over services already created, with all five agents in the process
 * (tests and `alex dev aws`, which run every function's handler on it).
 */
export function createLambdaRuntime(services: Services): Promise<LambdaRuntime> {
  return createFunctionRuntime(services, { agents: everyAgent, queueConsumer });
}
