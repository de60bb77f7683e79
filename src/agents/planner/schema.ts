import { z } from 'zod';
import { SPECIALIST_NAMES, type SpecialistName } from '../../contracts/jobs.ts';

/** What routing needs to know about a job's portfolio and user. */
export const routingFactsSchema = z
  .object({
    /** Positions across all accounts, priced or not. */
    positionCount: z.number().int().nonnegative(),
    /** Positions with a price (the ones that have a dollar value). */
    pricedPositionCount: z.number().int().nonnegative(),
    /** See `hasRetirementGoals` in routing.ts. */
    hasRetirementGoals: z.boolean(),
    /**
     * Why the profile leaves no retirement horizon (`field: rule`, the Retirement agent's own
     * refusal); absent when it has one.
     */
    retirementHorizonIssue: z.string().min(1).optional(),
  })
  .strict()
  .refine((facts) => facts.pricedPositionCount <= facts.positionCount, {
    message: 'pricedPositionCount cannot exceed positionCount',
  });
export type RoutingFacts = z.infer<typeof routingFactsSchema>;

export const plannerInputSchema = z
  .object({
    /** The user's free-text request, e.g. "just the retirement outlook". */
    request: z.string().trim().max(2000).optional(),
    /** Specialists the caller asked for by name; these win over `request`. */
    requestedAgents: z.array(z.enum(SPECIALIST_NAMES)).min(1).optional(),
    facts: routingFactsSchema,
  })
  .strict();
export type PlannerInput = z.infer<typeof plannerInputSchema>;

export interface SkippedSpecialist {
  agent: SpecialistName;
  reason: string;
  /**
   * 'profile' when the user's profile is why (no retirement goals, no retirement horizon), so
   * changing the profile would let the specialist run: the web app then links to its Settings.
   */
  about?: 'profile';
}

const skippedSpecialistSchema = z
  .object({
    agent: z.enum(SPECIALIST_NAMES),
    reason: z.string().min(1),
    about: z.literal('profile').optional(),
  })
  .strict();

/** The model's answer: a subset of the offered specialists and why. */
export const plannerModelOutputSchema = z
  .object({
    agents: z
      .array(z.enum(SPECIALIST_NAMES))
      .describe(
        'The specialists the request needs, chosen only from the offered list; at least one.',
      ),
    reason: z
      .string()
      .max(300)
      .describe('One short sentence saying why these specialists answer the request.'),
  })
  .strict();
export type PlannerModelOutput = z.infer<typeof plannerModelOutputSchema>;

export const plannerOutputSchema = z
  .object({
    /** The specialists to run, in the fixed order reporter, charter, retirement. */
    agents: z.array(z.enum(SPECIALIST_NAMES)),
    /** Every specialist not run, with the reason. */
    skipped: z.array(skippedSpecialistSchema),
    /** Why this selection, in one or two sentences. */
    reason: z.string().min(1),
    /** Who narrowed the selection: `provider:model`, or `offline` for rules. */
    model: z.string().min(1),
  })
  .strict();
export type PlannerOutput = z.infer<typeof plannerOutputSchema>;
