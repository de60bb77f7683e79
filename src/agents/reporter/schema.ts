import { z } from 'zod';
import { reportPayloadSchema, type ReportPayload } from '../../contracts/payloads.ts';
import { portfolioSnapshotSchema } from '../portfolio-snapshot.ts';

/**
 * The retirement projection's readiness figures (the retirement agent's `RetirementOutlook`),
 * computed once per job by the planner from the same engine run the retirement payload
 * publishes. Without it (no retirement goals, or the projection could not run) the report makes
 * no readiness claim.
 */
export const retirementOutlookSchema = z.object({
  successProbabilityPct: z.number().min(0).max(100),
  successMarginPoints: z.number().nonnegative().nullable(),
  verdict: z.string().min(1),
  status: z.enum(['on_track', 'close', 'at_risk', 'not_on_track']),
  onTrackSuccessPct: z.number().min(0).max(100),
  simulations: z.number().int().positive(),
  retirementAge: z.number(),
  retirementYears: z.number().int().positive(),
  targetSpendingUsd: z.number().nonnegative(),
  sustainableSpendingUsd: z.number().nonnegative(),
  spendingShortfallUsd: z.number().nonnegative(),
  medianAtRetirementUsd: z.number(),
  // Optional: an outlook built before issue 16 has none.
  incomeStreams: z
    .array(z.object({ description: z.string(), annualUsd: z.number().nonnegative() }))
    .default([]),
  // Optional, as above: the life-table horizon and the chance of ruin while alive.
  longevity: z
    .object({
      planToAge: z.number().int(),
      survivalToPlanEndPct: z.number().min(0).max(100),
      ruinWhileAlivePct: z.number().min(0).max(100),
      // Whose age the plan runs to; an outlook built before the profile's plan_to_age has none.
      planToAgeSource: z.enum(['profile', 'life-table']).nullable().default(null),
    })
    .nullable()
    .default(null),
  // Optional: an outlook built before taxes has none.
  taxes: z
    .object({ description: z.string(), taxDeferredRatePct: z.number().min(0).max(100) })
    .nullable()
    .default(null),
});
export type RetirementOutlook = z.infer<typeof retirementOutlookSchema>;

export const reporterInputSchema = z.object({
  snapshot: portfolioSnapshotSchema,
  retirementOutlook: retirementOutlookSchema.optional(),
  /**
   * Why no retirement projection can be made for this profile (the Retirement agent's refusal:
   * retirement at or past the life table's 10% age); the report states it and claims nothing.
   */
  retirementHorizonIssue: z
    .object({ field: z.string().min(1), rule: z.string().min(1) })
    .optional(),
});
export type ReporterInput = z.infer<typeof reporterInputSchema>;

/** What the model fills: the report itself. Figures in it are checked against the data. */
export const reportDraftSchema = z.object({
  markdown: z
    .string()
    .min(1)
    .describe(
      'The whole report in markdown, with the eight required "## " section headings in order. ' +
        'Quote only percentages and dollar amounts given in the portfolio data, rounded as given.',
    ),
});
export type ReportDraft = z.infer<typeof reportDraftSchema>;

export const reporterOutputSchema = reportPayloadSchema;
export type ReporterOutput = ReportPayload;
