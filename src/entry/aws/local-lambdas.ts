// The five functions on this machine, wired as on AWS: the planner handler with a specialist
// runner that "invokes" each specialist function by calling its handler with the JSON an
// invoke carries and reading back the JSON it returns. Only the Lambda service is missing.
import { z } from 'zod';
import { SPECIALIST_NAMES, type SpecialistName } from '../../contracts/jobs.ts';
import type { SpecialistOutcome, SpecialistRunner } from '../../jobs/index.ts';
import { parseJson } from '../../parse-json.ts';
import { createPlannerHandler } from '../lambda/planner.ts';
import type { DeferRedelivery } from '../lambda/redelivery.ts';
import type { LambdaRuntime } from '../lambda/runtime.ts';
import { createSpecialistHandler } from '../lambda/specialist.ts';

/** `beforeInvoke` runs before each invoke (tests use it to hold a specialist back). */
export function localSpecialistFunctions(
  runtime: LambdaRuntime,
  beforeInvoke?: (agent: SpecialistName) => Promise<void>,
): SpecialistRunner {
  const handlers = new Map(
    SPECIALIST_NAMES.map((agent) => [
      agent,
      createSpecialistHandler(agent, () => Promise.resolve(runtime)),
    ]),
  );
  return async (agent, jobId) => {
    await beforeInvoke?.(agent);
    const handler = handlers.get(agent);
    if (!handler) throw new Error(`no local function for ${agent}`);
    const event = parseJson(JSON.stringify({ job_id: jobId }), z.unknown(), 'invoke payload');
    const outcome = await handler(event);
    return parseJson(JSON.stringify(outcome), z.unknown(), 'response') as SpecialistOutcome;
  };
}

export function localPlannerFunction(
  runtime: LambdaRuntime,
  runSpecialist: SpecialistRunner,
  deferRedelivery?: DeferRedelivery,
) {
  return createPlannerHandler(() =>
    Promise.resolve({ ...runtime, specialistRunner: runSpecialist, deferRedelivery }),
  );
}
