import { z } from 'zod';
import { incomeStreamSchema } from '../../contracts/income-streams.ts';
import { MAX_PLAN_TO_AGE } from '../../contracts/limits.ts';
import { DEFAULT_TAX_PLAN, taxPlanSchema } from '../../contracts/tax-plan.ts';
import { retirementPayloadSchema, type RetirementPayload } from '../../contracts/payloads.ts';
import {
  RETURN_MODELS,
  SEXES,
  type AnnualReturnRow,
  type PeriodLifeTable,
  type ReturnModel,
} from '../../core/index.ts';
import { portfolioSnapshotSchema, type PortfolioSnapshot } from '../portfolio-snapshot.ts';
import type { Projection } from './projection.ts';

/** The most paths one run may simulate; 10,000 take well under a second, levers included. */
export const MAX_SIMULATIONS = 200_000;
/** Longest saving or retirement phase accepted, in years. */
export const MAX_PHASE_YEARS = 80;

const annualReturnRowSchema = z
  .object({
    year: z.number().int(),
    sp500: z.number(),
    tbond10: z.number(),
    tbill: z.number(),
    cpi: z.number(),
  })
  .strict();

export const retirementOptionsSchema = z
  .object({
    simulations: z.number().int().min(1).max(MAX_SIMULATIONS).optional(),
    seed: z.number().int().min(-2_147_483_648).max(4_294_967_295).optional(),
    model: z.enum(RETURN_MODELS).optional(),
    retirementYears: z.number().int().min(1).max(MAX_PHASE_YEARS).optional(),
    /** Annual inflation in percent (2.5 = 2.5%) for the parametric models. */
    inflationPct: z.number().min(-10).max(50).optional(),
    /** Required by the historical and bootstrap models; the caller reads the data file. */
    historicalReturns: z.array(annualReturnRowSchema).min(1).optional(),
    /**
     * SSA's period life table (the caller reads data/): with it and a profile age, the plan runs
     * to the table's 10% age and reports the chance of running out while alive.
     */
    lifeTable: z
      .object({
        periodYear: z.number().int(),
        trusteesReportYear: z.number().int(),
        source: z.string(),
        maleQx: z.array(z.number().min(0).max(1)).min(1),
        femaleQx: z.array(z.number().min(0).max(1)).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface RetirementOptions {
  simulations?: number | undefined;
  seed?: number | undefined;
  model?: ReturnModel | undefined;
  retirementYears?: number | undefined;
  inflationPct?: number | undefined;
  historicalReturns?: AnnualReturnRow[] | undefined;
  lifeTable?: PeriodLifeTable | undefined;
}

export interface RetirementInput {
  snapshot: PortfolioSnapshot;
  options?: RetirementOptions | undefined;
  /**
   * The projection of this snapshot when the planner has already computed it (once per job,
   * shared with the reporter); the agent then explains it rather than simulating again.
   */
  projection?: Projection | undefined;
}

export const retirementInputSchema: z.ZodType<RetirementInput> = z
  .object({
    snapshot: portfolioSnapshotSchema,
    options: retirementOptionsSchema.optional(),
    // Built in this process by projectSnapshot, never read from outside: only its shape is checked.
    projection: z
      .custom<Projection>(
        (value) =>
          typeof value === 'object' && value !== null && 'result' in value && 'plan' in value,
        'expected a projection computed by projectSnapshot',
      )
      .optional(),
  })
  .strict();

/**
 * The retirement fields of the user profile, checked before they reach the engine (the
 * snapshot schema only checks their types): impossible values are the caller's error.
 */
export const retirementProfileSchema = z.object({
  id: z.string().min(1),
  currentAge: z.number().int().min(0).max(120).nullable(),
  yearsUntilRetirement: z
    .number()
    .int('must be whole years')
    .min(0, 'cannot be negative')
    .max(MAX_PHASE_YEARS),
  targetRetirementIncomeUsd: z.number().min(0, 'cannot be negative').finite(),
  annualContributionUsd: z.number().min(0, 'cannot be negative').finite(),
  incomeStreams: z.array(incomeStreamSchema).default([]),
  spouseAge: z.number().int().min(0).max(120).nullable().default(null),
  sex: z.enum(SEXES).nullable().default(null),
  /** The profile's plan_to_age; absent from snapshots stored before it. */
  planToAge: z.number().int().min(1).max(MAX_PLAN_TO_AGE).nullable().default(null),
  taxPlan: taxPlanSchema.default(DEFAULT_TAX_PLAN),
});
export type RetirementProfile = z.output<typeof retirementProfileSchema>;

/**
 * What the model writes: four markdown passages the agent joins under fixed headings. Words
 * only; every figure in them must be one of the engine numbers the prompt lists.
 */
export const retirementNarrativeSchema = z
  .object({
    readiness: z
      .string()
      .min(1)
      .describe(
        'Markdown, 1-2 short paragraphs: how ready the plan is. State the success probability and ' +
          'what it means, and the balance at retirement by its percentiles; never set the ' +
          'median beside the capital needed (different measures). Quote only numbers from the ' +
          'engine results.',
      ),
    risks: z
      .string()
      .min(1)
      .describe(
        'Markdown bullet list: the main risks for this plan - sequence of returns, inflation, ' +
          'longevity, allocation - each tied to the engine results (e.g. the 10th percentile, ' +
          'the depletion ages). Quote only numbers from the engine results.',
      ),
    levers: z
      .string()
      .min(1)
      .describe(
        'Markdown: which levers matter most, strongest first, with the success probability each ' +
          'reaches, and the sustainable spending at 90% success. Quote only numbers from the ' +
          'engine results.',
      ),
    limitations: z
      .string()
      .min(1)
      .describe(
        'Markdown, a few sentences: what the simulation leaves out (taxes, or what of them is ' +
          'not modelled; other income, fees, excluded positions, the limits of the return ' +
          'assumptions). No new numbers.',
      ),
  })
  .strict();
export type RetirementNarrative = z.infer<typeof retirementNarrativeSchema>;

export const retirementOutputSchema: z.ZodType<RetirementPayload> = retirementPayloadSchema;
export type { RetirementPayload };
