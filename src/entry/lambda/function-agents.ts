import { z } from 'zod';
import type { AgentName } from '../../contracts/jobs.ts';
import { ConfigError } from '../../errors.ts';
import type { AgentSet } from '../../jobs/index.ts';

/**
 * The agent set of a function that bundles only some agents. Asking another agent to run is a
 * wiring fault (a specialist function runs only its own agent), reported as such.
 */
export function agentsOfFunction(functionName: AgentName, bundled: Partial<AgentSet>): AgentSet {
  return {
    tagger: bundled.tagger ?? absentAgent('tagger', functionName),
    planner: bundled.planner ?? absentAgent('planner', functionName),
    reporter: bundled.reporter ?? absentAgent('reporter', functionName),
    charter: bundled.charter ?? absentAgent('charter', functionName),
    retirement: bundled.retirement ?? absentAgent('retirement', functionName),
  };
}

function absentAgent<Name extends AgentName>(name: Name, functionName: AgentName) {
  return {
    name,
    inputSchema: z.never(),
    outputSchema: z.never(),
    run(): Promise<never> {
      return Promise.reject(
        new ConfigError(
          'ALEX_AGENT_INVOKE',
          `the ${functionName} function does not bundle the ${name} agent (with ALEX_AGENT_INVOKE=lambda the planner invokes each specialist's own function)`,
        ),
      );
    },
  };
}
