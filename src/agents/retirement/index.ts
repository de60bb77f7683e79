export { retirement } from './retirement.ts';
export {
  retirementInputSchema,
  retirementOutputSchema,
  type RetirementInput,
  type RetirementOptions,
  type RetirementPayload,
} from './schema.ts';
export {
  ASSUMED_RETIREMENT_AGE,
  DEFAULT_INFLATION_PCT,
  DEFAULT_SIMULATIONS,
  seedFromUserId,
} from './retirement-plan.ts';
export { READINESS_BANDS } from './engine-facts.ts';
export { retirementHorizonIssue } from './horizon.ts';
export {
  projectSnapshot,
  retirementOutlookOf,
  type ReadinessStatus,
  type RetirementOutlook,
} from './outlook.ts';
export type { Projection } from './projection.ts';
