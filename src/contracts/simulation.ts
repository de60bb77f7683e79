import { z } from 'zod';
import { incomePlanSchema } from './income-streams.ts';
import { FILING_STATUSES, WITHDRAWAL_ORDERS } from './tax-plan.ts';

// The JSON `alex simulate --json` prints (src/core/monte-carlo/simulation-json.ts writes it) and
// POST /api/simulate answers. Objects are strict, so a field added on one side and not here fails
// the contract tests instead of drifting silently. Dollars are today's dollars rounded to cents;
// success figures are percentages (0-100); rates, fractions and returns are fractions (0-1).

const percentilesSchema = z.object({
  p5: z.number(),
  p10: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number(),
});

const incomePercentilesSchema = z.strictObject({
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
});

const incomeSchema = z.strictObject({
  amounts: z.literal("real spending paid, today's dollars"),
  floor_fraction: z.number(),
  first_year: incomePercentilesSchema,
  minimum: incomePercentilesSchema,
  minimum_ratio: incomePercentilesSchema,
  years_below_floor: incomePercentilesSchema.extend({
    mean: z.number(),
    share_of_paths_with_any: z.number(),
  }),
  cuts: incomePercentilesSchema.extend({ mean: z.number() }),
  by_year: z.array(
    incomePercentilesSchema.extend({
      retirement_year: z.number().int(),
      age: z.number().nullable(),
    }),
  ),
});

// The engine's names for its models, strategies, timings and levers: defined here, where the
// wire contract needs them, and re-exported by src/core/monte-carlo (types.ts, levers.ts).
export const RETURN_MODELS = ['lognormal', 'normal', 'historical', 'bootstrap'] as const;
export const WITHDRAWAL_STRATEGIES = [
  'constant-dollar',
  'constant-percent',
  'guardrails',
  'vpw',
  'floor-and-ceiling',
] as const;
export const WITHDRAWAL_TIMINGS = ['start', 'end', 'bengen'] as const;
/** The sexes SSA's life table has a column for; a profile may also leave it unstated. */
export const SEXES = ['female', 'male'] as const;
export const sexSchema = z.enum(SEXES, {
  error: 'must be female or male (or null: not stated, a 50/50 blend of the two tables)',
});
export const LEVER_NAMES = [
  'save_more',
  'retire_later',
  'spend_less',
  'more_conservative',
  'more_aggressive',
  'claim_social_security_later',
] as const;

/** An income or expense stream as the run modelled it, by the user's age. */
const cashFlowSchema = z.strictObject({
  kind: z.enum(['social_security', 'pension', 'income', 'expense']),
  person: z.enum(['self', 'spouse']),
  start_age: z.number().int(),
  claiming_age: z.number().int().nullable(),
  years: z.number().int().nullable().meta({ description: 'null: to the end of the plan' }),
  annual_usd: z.number(),
  inflation_indexed: z.boolean(),
  note: z.string().nullable(),
  description: z.string(),
});

// `spending` and `single_asset` carry the engine's own (camelCase) fields, as printed.
const spendingSchema = z.union([
  z.string().meta({ description: 'VPW: set each year by the VPW percentage' }),
  z.strictObject({ kind: z.literal('amount'), annualUsd: z.number() }),
  z.strictObject({ kind: z.literal('rate'), withdrawalRate: z.number() }),
]);

const inflationSchema = z.union([
  z.string().meta({ description: 'historical models: the CPI of each year' }),
  z.strictObject({ mean: z.number(), volatility: z.number(), kind: z.string() }),
  z.strictObject({ fixed: z.number() }),
]);

const assumptionsSchema = z.strictObject({
  amounts: z.literal("today's dollars"),
  balance_usd: z.number(),
  years_to_retirement: z.number().int(),
  retirement_years: z.number().int(),
  annual_contribution_usd: z.number(),
  spending: spendingSchema,
  inflation_adjusted: z.boolean(),
  returns: z.string(),
  inflation_rate: inflationSchema,
  cash_interest_rate: z.number(),
  annual_fee_rate: z.number(),
  expected_real_return: z.number().nullable(),
  real_return_assumptions: z
    .record(
      z.string(),
      z.strictObject({ mean_return: z.number(), volatility: z.number(), source: z.string() }),
    )
    .optional(),
  allocation: z.record(z.string(), z.number()).nullable(),
  single_asset: z.strictObject({ meanReturn: z.number(), volatility: z.number() }).nullable(),
  strategy: z.enum(WITHDRAWAL_STRATEGIES),
  vpw_real_return: z.number().optional(),
  withdrawal_timing: z.enum(WITHDRAWAL_TIMINGS),
  spending_floor: z.number(),
  cash_flows: z.array(cashFlowSchema),
  source: z.string().nullable(),
});

/** Longevity (issue 16): null without a current age. Probabilities are percentages (0-100). */
const longevitySchema = z.strictObject({
  table: z.string(),
  source: z.string(),
  sex: z.enum(SEXES).nullable(),
  sex_basis: z.string(),
  current_age: z.number().int(),
  plan_to_age: z.number().int(),
  horizon_rule: z.enum(['life-table', 'plan-to-age', 'retirement-years']),
  survival_to_plan_end: z
    .number()
    .meta({ description: 'percent: chance of being alive at plan_to_age (outliving the plan)' }),
  life_expectancy_years: z.number(),
  ruin_while_alive_probability: z.number().meta({
    description: 'percent: chance of running out of money while alive, within the plan',
  }),
  ruin_while_alive_standard_error: z.number().nullable(),
  ruin_method: z.string(),
  spouse_in_plan: z.boolean(),
  not_modelled: z.array(z.string()),
});
const taxSpreadSchema = incomePercentilesSchema;

/** The tax model of the run (src/core/monte-carlo/tax-report.ts); null when it had none. */
const taxesSchema = z
  .strictObject({
    amounts: z.literal("today's dollars"),
    spending_basis: z.string(),
    balances_usd: z.strictObject({
      taxable: z.number(),
      tax_deferred: z.number(),
      tax_free: z.number(),
    }),
    withdrawal_order: z.enum(WITHDRAWAL_ORDERS),
    withdrawal_order_description: z.string(),
    tax_deferred_rate: z.number().meta({ description: 'fraction' }),
    tax_deferred_rate_source: z.string(),
    rmd_start_age: z.number().int().nullable().meta({ description: 'null: no tax-deferred money' }),
    rmd_sources: z.array(z.string()),
    at_end: z.strictObject({
      taxable: taxSpreadSchema,
      tax_deferred: taxSpreadSchema,
      tax_free: taxSpreadSchema,
    }),
    tax_paid: taxSpreadSchema.extend({ mean: z.number() }),
    required_distributions: taxSpreadSchema.extend({ mean: z.number() }),
    not_modelled: z.array(z.string()),
  })
  .meta({ id: 'SimulationTaxes' });
export type TaxesJson = z.infer<typeof taxesSchema>;

/** `alex simulate --json`'s output. */
export const simulationJsonSchema = z.strictObject({
  model: z.enum(RETURN_MODELS),
  seed: z.number().int(),
  simulations: z.number().int().optional().meta({ description: 'sampling models' }),
  periods: z.number().int().optional().meta({ description: 'historical: one per start year' }),
  success_probability: z.number().meta({ description: 'percent (0-100)' }),
  success_definition: z.enum(['paid-in-full', 'above-floor']),
  success_standard_error: z.number().nullable(),
  success_interval_95: z
    .strictObject({ low: z.number(), high: z.number(), method: z.literal('Wilson score') })
    .nullable(),
  historical_windows: z
    .strictObject({
      count: z.number().int(),
      years_each: z.number().int(),
      data_years: z.number().int(),
      overlapping: z.literal(true),
      independent_periods: z.number(),
    })
    .optional(),
  income: incomeSchema,
  percentiles_at_retirement: percentilesSchema.strict(),
  mean_at_retirement: z.number(),
  percentiles_at_end: percentilesSchema.strict(),
  target_success: z.number(),
  sustainable_withdrawal_rate: z.number(),
  sustainable_spending: z.number(),
  sustainable_basis: z.enum(['constant-dollar', 'fixed-nominal']),
  sustainable_timing: z.enum(WITHDRAWAL_TIMINGS),
  depletion_age_histogram: z.array(
    z.strictObject({
      retirement_year: z.number().int(),
      age: z.number().nullable(),
      count: z.number().int(),
    }),
  ),
  start_years: z.strictObject({ first: z.number().int(), last: z.number().int() }).optional(),
  worst_start_years: z
    .array(
      z.strictObject({
        start_year: z.number().int(),
        saving_start_year: z.number().int(),
        max_withdrawal_rate: z.number(),
      }),
    )
    .optional(),
  series: z.array(
    percentilesSchema
      .extend({
        year_offset: z.number().int(),
        age: z.number().nullable(),
        phase: z.enum(['accumulation', 'retirement']),
      })
      .strict(),
  ),
  levers: z.array(
    z.strictObject({
      lever: z.enum(LEVER_NAMES),
      change: z.string(),
      success_probability: z.number(),
      success_change_pct: z.number(),
    }),
  ),
  longevity: longevitySchema.nullable(),
  assumptions: assumptionsSchema,
  taxes: taxesSchema.nullable().meta({
    description: 'the tax model (balances by tax treatment given); null: one untaxed pool',
  }),
});
export type SimulationJson = z.infer<typeof simulationJsonSchema>;

/** The inputs POST /api/simulate took from the caller's portfolio and profile. */
const portfolioDefaultsSchema = z.strictObject({
  balance: z.number().optional(),
  years_to_retirement: z.number().int().optional(),
  contribution: z.number().optional(),
  cash_rate: z.number().optional(),
  expense_ratio: z.number().optional(),
  spending: z.number().optional(),
  current_age: z.number().int().optional(),
  sex: z.enum(SEXES).optional(),
  plan_to_age: z.number().int().optional().meta({
    description:
      "the profile's plan_to_age, used when the body gives neither plan_to_age nor retirement_years",
  }),
  allocation: z.record(z.string(), z.number()).optional(),
  income_plan: incomePlanSchema
    .optional()
    .meta({ description: "the profile's income and expenses, when this run modelled them" }),
  taxable: z.number().optional(),
  tax_deferred: z.number().optional(),
  tax_free: z.number().optional(),
  withdrawal_order: z.enum(WITHDRAWAL_ORDERS).optional(),
  tax_deferred_rate: z.number().optional(),
  filing_status: z.enum(FILING_STATUSES).optional(),
});

export type PortfolioDefaults = z.infer<typeof portfolioDefaultsSchema>;

/** POST /api/simulate: the CLI's JSON plus what came from the portfolio. */
export const simulateResponseSchema = simulationJsonSchema
  .extend({
    portfolio_defaults: portfolioDefaultsSchema,
    income_streams_left_out: z.string().optional().meta({
      description: "why the profile's streams are not in this run (a variable strategy)",
    }),
    taxes_left_out: z.string().optional().meta({
      description: "why the accounts' tax treatment is not in this run",
    }),
  })
  .meta({
    id: 'SimulateResult',
    description: 'the JSON `alex simulate --json` prints, and portfolio_defaults',
  });
export type SimulateResponse = z.infer<typeof simulateResponseSchema>;
