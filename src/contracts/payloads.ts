import { z } from 'zod';
import { AGENT_NAMES, SPECIALIST_NAMES } from './jobs.ts';

// Wire shapes of the four job payloads (DESIGN.md "Payload contracts"). Keys stay snake_case
// so a consumer of the original front end keeps working; extra fields are additions.

const isoTimestamp = z.iso.datetime({ offset: true });
/** `provider:model` for a model, or `offline` for the rule-based writers. */
const modelLabel = z.string().min(1);

export const reportPayloadSchema = z.object({
  content: z.string().min(1),
  generated_at: isoTimestamp,
  agent: z.literal('reporter'),
  model: modelLabel,
  fact_check: z.object({
    figures: z.number().int().nonnegative(),
    mismatches: z.array(z.object({ text: z.string(), reason: z.string() }).loose()),
    repaired: z.boolean().optional(),
  }),
  sources: z.array(z.object({ id: z.string(), title: z.string() }).loose()),
});
export type ReportPayload = z.infer<typeof reportPayloadSchema>;

export const CHART_TYPES = ['pie', 'donut', 'bar', 'horizontalBar', 'line', 'area'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const chartPointSchema = z.object({
  name: z.string().min(1),
  /** US dollars, not percent. */
  value: z.number(),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a #RRGGBB colour'),
});
export type ChartPoint = z.infer<typeof chartPointSchema>;

export const chartSchema = z
  .object({
    title: z.string().min(1),
    type: z.enum(CHART_TYPES),
    description: z.string(),
    data: z.array(chartPointSchema).min(1),
    total: z.number(),
  })
  .loose();
export type Chart = z.infer<typeof chartSchema>;

export const chartsPayloadSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'chart keys are snake_case'), chartSchema)
  .refine((charts) => {
    const count = Object.keys(charts).length;
    return count >= 4 && count <= 6;
  }, 'a charts payload has 4 to 6 charts');
export type ChartsPayload = z.infer<typeof chartsPayloadSchema>;

export const percentileSetSchema = z.object({
  p5: z.number().optional(),
  p10: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number().optional(),
});
export type PercentileSet = z.infer<typeof percentileSetSchema>;

export const retirementPayloadSchema = z.object({
  analysis: z.string().min(1),
  generated_at: isoTimestamp,
  agent: z.literal('retirement'),
  model: modelLabel,
  assumptions: z.record(z.string(), z.unknown()),
  results: z
    .object({
      success_probability: z.number().min(0).max(100),
      simulations: z.number().int().positive(),
      seed: z.number().int(),
      median_at_retirement: z.number(),
      percentiles_at_retirement: percentileSetSchema,
      percentiles_at_end: percentileSetSchema,
      depletion_age_histogram: z.array(z.object({ age: z.number(), count: z.number() }).loose()),
      sustainable_spending_at_90pct: z.number(),
      // Additions (issue 11); optional so that payloads stored before them stay valid.
      /** Binomial standard error of success_probability, in percentage points; null for historical windows. */
      success_standard_error: z.number().nonnegative().nullable().optional(),
      /** 95% Wilson score interval of success_probability, in percent. */
      success_interval_95: z
        .object({ low: z.number().min(0).max(100), high: z.number().min(0).max(100) })
        .nullable()
        .optional(),
      /** Real spending paid (today's dollars): by year (p10/p50/p90), minimum, years below the floor, cuts. */
      income: z
        .object({
          floor_fraction: z.number().min(0).max(1),
          minimum: z.object({ p10: z.number(), p50: z.number(), p90: z.number() }),
          by_year: z.array(
            z
              .object({
                retirement_year: z.number().int(),
                p10: z.number(),
                p50: z.number(),
                p90: z.number(),
              })
              .loose(),
          ),
        })
        .loose()
        .optional(),
      /**
       * Issue 16: horizon from SSA's period life table and the chance (percent) of running out
       * while alive; null without a profile age. Optional: earlier payloads have none.
       */
      longevity: z
        .object({
          plan_to_age: z.number().int(),
          survival_to_plan_end: z.number().min(0).max(100),
          ruin_while_alive_probability: z.number().min(0).max(100),
        })
        .loose()
        .nullable()
        .optional(),
    })
    .loose(),
  series: z.array(
    z
      .object({
        age: z.number(),
        year: z.number().int(),
        p10: z.number(),
        p25: z.number(),
        p50: z.number(),
        p75: z.number(),
        p90: z.number(),
      })
      .loose(),
  ),
  levers: z.array(
    z.object({ lever: z.string(), change: z.string(), success_probability: z.number() }).loose(),
  ),
});
export type RetirementPayload = z.infer<typeof retirementPayloadSchema>;

const agentStatusSchema = z.enum(['completed', 'failed', 'skipped', 'not_run']);
const usageTotalsSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
});

/** How the planner chose the specialists: those it ran, and each one it did not with the reason. */
const routingSchema = z
  .object({
    selected: z.array(z.enum(SPECIALIST_NAMES)),
    skipped: z.array(
      z
        .object({
          agent: z.enum(SPECIALIST_NAMES),
          reason: z.string(),
          /** 'profile': the user's profile is why; changing it would let the specialist run. */
          about: z.literal('profile').optional(),
        })
        .loose(),
    ),
    reason: z.string(),
  })
  .loose();

export const summaryPayloadSchema = z
  .object({
    summary: z.string(),
    status_by_agent: z.partialRecord(z.enum(AGENT_NAMES), agentStatusSchema),
    timings_ms: z.partialRecord(z.enum(AGENT_NAMES), z.number().nonnegative()),
    usage: usageTotalsSchema.extend({
      by_agent: z.partialRecord(z.enum(AGENT_NAMES), usageTotalsSchema),
    }),
    totals: z.record(z.string(), z.unknown()),
    // Every job's summary has it (finish-job.ts); optional, so a summary without it still reads.
    routing: routingSchema.optional(),
  })
  .loose();
export type SummaryPayload = z.infer<typeof summaryPayloadSchema>;
