import { z } from 'zod';
import { CHART_TYPES, chartsPayloadSchema, type ChartsPayload } from '../../contracts/payloads.ts';
import { portfolioSnapshotSchema } from '../portfolio-snapshot.ts';

/** A charts payload has 4 to 6 charts (DESIGN.md, Payload contracts). */
export const MIN_CHARTS = 4;
export const MAX_CHARTS = 6;

export const charterInputSchema = z.object({ snapshot: portfolioSnapshotSchema });
export type CharterInput = z.infer<typeof charterInputSchema>;

/** What the model fills: which computed datasets to show, with titles. It never sends values. */
export function chartSelectionSchema(candidateKeys: readonly [string, ...string[]]) {
  return z.object({
    charts: z
      .array(
        z.object({
          key: z
            .enum(candidateKeys)
            .describe('The key of one candidate dataset; each key at most once.'),
          title: z
            .string()
            .min(1)
            .max(80)
            .describe('A short chart title in plain words, e.g. "Where your money is invested".'),
          description: z
            .string()
            .min(1)
            .max(240)
            .describe(
              'One sentence: what the chart shows and the main takeaway. Quote only dollar amounts and ' +
                'percentages given for that dataset, as written there.',
            ),
          type: z
            .enum(CHART_TYPES)
            .optional()
            .describe("One of the dataset's allowedTypes; leave out to use its defaultType."),
        }),
      )
      .min(MIN_CHARTS)
      .max(MAX_CHARTS)
      .describe('4 to 6 charts, most useful first.'),
  });
}
export type ChartSelection = z.infer<ReturnType<typeof chartSelectionSchema>>;
export type ChartChoice = ChartSelection['charts'][number];

export const charterOutputSchema = chartsPayloadSchema;
export type CharterOutput = ChartsPayload;
