import { z } from 'zod';
import { reportPayloadSchema, type ReportPayload } from '../../contracts/payloads.ts';
import { portfolioSnapshotSchema } from '../portfolio-snapshot.ts';

/**
 * Retirement results, when the planner already has them. The reporter normally runs alongside
 * the retirement agent and gets none; it then uses its own rough indicator.
 */
export const retirementOutlookSchema = z.object({
  successProbabilityPct: z.number().min(0).max(100),
  medianAtRetirementUsd: z.number().nonnegative().optional(),
  sustainableSpendingUsd: z.number().nonnegative().optional(),
});
export type RetirementOutlook = z.infer<typeof retirementOutlookSchema>;

export const reporterInputSchema = z.object({
  snapshot: portfolioSnapshotSchema,
  retirementOutlook: retirementOutlookSchema.optional(),
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
