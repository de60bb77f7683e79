import { reporter } from '../../agents/reporter/index.ts';
import { containerRuntime } from './container.ts';
import { agentsOfFunction } from './function-agents.ts';
import { createSpecialistHandler } from './specialist.ts';

export const handler = createSpecialistHandler(
  'reporter',
  containerRuntime({ agents: () => agentsOfFunction('reporter', { reporter }) }),
);
