export { planner, routingPrompt, selectionProblems } from './planner.ts';
export { narrowByKeywords } from './offline-writer.ts';
export {
  eligibleSpecialists,
  hasRetirementGoals,
  MIN_PRICED_POSITIONS_FOR_CHARTS,
  routingFactsFromSnapshot,
} from './routing.ts';
export {
  summaryFactsFromSnapshot,
  writeJobSummary,
  type AgentOutcome,
  type JobSummaryFacts,
  type SummarySnapshotFacts,
} from './summary.ts';
export {
  plannerInputSchema,
  plannerOutputSchema,
  routingFactsSchema,
  type PlannerInput,
  type PlannerOutput,
  type RoutingFacts,
  type SkippedSpecialist,
} from './schema.ts';
