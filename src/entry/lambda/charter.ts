import { charter } from '../../agents/charter/index.ts';
import { containerRuntime } from './container.ts';
import { agentsOfFunction } from './function-agents.ts';
import { createSpecialistHandler } from './specialist.ts';

export const handler = createSpecialistHandler(
  'charter',
  containerRuntime({ agents: () => agentsOfFunction('charter', { charter }) }),
);
