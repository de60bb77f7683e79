import { retirement } from '../../agents/retirement/index.ts';
import { containerRuntime } from './container.ts';
import { agentsOfFunction } from './function-agents.ts';
import { createSpecialistHandler } from './specialist.ts';

export const handler = createSpecialistHandler(
  'retirement',
  containerRuntime({ agents: () => agentsOfFunction('retirement', { retirement }) }),
);
