import { lambdaRuntime } from './runtime.ts';
import { createSpecialistHandler } from './specialist.ts';

export const handler = createSpecialistHandler('charter', lambdaRuntime);
