import { z } from 'zod';
import {
  assetClassAllocationSchema,
  assetClassTargetsSchema,
  regionAllocationSchema,
  regionTargetsSchema,
  sectorAllocationSchema,
  symbolSchema,
} from './allocation.ts';
import { incomePlanSchema } from './income-streams.ts';
import { xrayThresholdsSchema } from './xray.ts';
import { taxPlanSchema } from './tax-plan.ts';
import {
  AGENT_NAMES,
  JOB_STATUSES,
  LISTED_ERROR_CHARS,
  MAX_LISTED_JOBS,
  MAX_LISTED_JOBS_REASON,
  SPECIALIST_NAMES,
} from './jobs.ts';
import {
  AMOUNT_USD,
  birthYearSchema,
  CASH_INTEREST_PCT,
  MAX_PLAN_TO_AGE,
  PLAN_TO_AGE,
  QUANTITY,
  rangeSchema,
  YEARS_TO_RETIREMENT,
} from './limits.ts';
import { SEXES, sexSchema } from './simulation.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from './payloads.ts';

// Request and response bodies of the HTTP API (`alex serve`). Field names and shapes follow the
// original system's FastAPI backend, so its front end works unchanged: `account_name`,
// `cash_balance`, `error_message`, bare arrays from GET /api/accounts and /api/instruments.
// What Alex adds is additional fields. Requests are strict: an unknown field is an error.

const timestamp = z.string().meta({ description: 'ISO 8601 UTC; parses with new Date()' });
const uuid = z.uuid('must be a UUID');
const ACCOUNT_TYPES = ['taxable', 'tax_deferred', 'tax_free'] as const;

/** RFC 9457 problem document: every error the API answers. `detail` is always one string. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'stable URI naming the kind of error' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'what went wrong, naming the field and the rule' }),
    errors: z
      .array(z.object({ field: z.string(), rule: z.string() }))
      .optional()
      .meta({ description: 'every offending field, when the input was invalid' }),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const healthSchema = z
  .object({ status: z.literal('healthy'), timestamp, api_version: z.string() })
  .meta({ id: 'Health' });

export const messageSchema = z.object({ message: z.string() }).meta({ id: 'Message' });

// ---------------------------------------------------------------------------------------- user

export const apiUserSchema = z
  .object({
    id: uuid,
    clerk_user_id: z.string().meta({ description: 'the id the auth mode knows the caller by' }),
    display_name: z.string(),
    birth_year: z.number().int().nullable(),
    sex: z.enum(SEXES).nullable().meta({
      description: 'which SSA life table the projection reads; null: a 50/50 blend of both',
    }),
    plan_to_age: z.number().int().nullable().meta({
      description:
        'the age the retirement projection plans to; null: the oldest age reached with 10% probability under the life table',
    }),
    years_until_retirement: z.number().int(),
    target_retirement_income: z.number(),
    annual_contribution: z.number(),
    asset_class_targets: assetClassAllocationSchema,
    region_targets: regionAllocationSchema,
    income_plan: incomePlanSchema,
    xray_thresholds: xrayThresholdsSchema.meta({
      description: 'thresholds of the X-ray rules the user changed; the others keep their defaults',
    }),
    tax_plan: taxPlanSchema,
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'User' });
export type ApiUser = z.infer<typeof apiUserSchema>;

export const userEnvelopeSchema = z
  .object({ user: apiUserSchema, created: z.boolean() })
  .meta({ id: 'UserEnvelope' });

export const userUpdateRequestSchema = z
  .object({
    display_name: z.string().trim().min(1, 'must not be empty').max(200),
    birth_year: birthYearSchema.nullable(),
    sex: sexSchema.nullable(),
    plan_to_age: rangeSchema(PLAN_TO_AGE).nullable().meta({
      description:
        'the age the projection plans to (1-120, after the retirement age when birth_year is known); null clears it: the life table’s 10% age',
    }),
    years_until_retirement: rangeSchema(YEARS_TO_RETIREMENT),
    target_retirement_income: rangeSchema(AMOUNT_USD),
    annual_contribution: rangeSchema(AMOUNT_USD),
    asset_class_targets: assetClassTargetsSchema,
    region_targets: regionTargetsSchema,
    income_plan: incomePlanSchema.meta({
      description:
        'Social Security, pensions, other income and expenses beside the portfolio; replaces the stored plan',
    }),
    xray_thresholds: xrayThresholdsSchema.meta({
      description:
        'X-ray rule thresholds, e.g. {"emergency_fund": 6}; replaces the stored set (a rule left out returns to its default)',
    }),
    tax_plan: taxPlanSchema.meta({
      description:
        'filing status, withdrawal order and tax-deferred rate of the projection; replaces the stored plan',
    }),
  })
  .partial()
  .strict()
  .meta({ id: 'UserUpdate' });
export type UserUpdateRequest = z.infer<typeof userUpdateRequestSchema>;

// ------------------------------------------------------------------------------------ accounts

export const apiAccountSchema = z
  .object({
    id: uuid,
    clerk_user_id: z.string(),
    account_name: z.string(),
    account_purpose: z.string().nullable(),
    account_type: z.enum(ACCOUNT_TYPES),
    cash_balance: z.number().meta({ description: 'US dollars' }),
    cash_interest: z.number().meta({ description: 'yearly interest on the cash, percent' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Account' });
export type ApiAccount = z.infer<typeof apiAccountSchema>;

const cents = rangeSchema(AMOUNT_USD).refine(
  (value) => Number.isInteger(Math.round(value * 100 * 1e6) / 1e6),
  'must be in whole cents',
);

export const accountCreateRequestSchema = z
  .object({
    account_name: z.string().trim().min(1, 'must not be empty').max(200),
    account_purpose: z.string().trim().max(500).optional(),
    account_type: z
      .enum(ACCOUNT_TYPES, { message: `must be one of ${ACCOUNT_TYPES.join(', ')}` })
      .default('taxable'),
    cash_balance: cents.default(0),
    cash_interest: rangeSchema(CASH_INTEREST_PCT).default(0),
  })
  .strict()
  .meta({ id: 'AccountCreate' });

export const accountUpdateRequestSchema = z
  .object({
    account_name: z.string().trim().min(1, 'must not be empty').max(200),
    account_purpose: z.string().trim().max(500).nullable(),
    account_type: z.enum(ACCOUNT_TYPES, {
      message: `must be one of ${ACCOUNT_TYPES.join(', ')}`,
    }),
    cash_balance: cents,
    cash_interest: rangeSchema(CASH_INTEREST_PCT),
  })
  .partial()
  .strict()
  .meta({ id: 'AccountUpdate' });

// --------------------------------------------------------------------- instruments, positions

export const apiInstrumentSchema = z
  .object({
    symbol: z.string(),
    name: z.string(),
    instrument_type: z.string().nullable(),
    current_price: z
      .number()
      .nullable()
      .meta({ description: 'last stored price in US dollars; null when none is known' }),
    price_source: z.string().nullable(),
    price_as_of: timestamp.nullable(),
    allocation_asset_class: assetClassAllocationSchema,
    allocation_regions: regionAllocationSchema,
    allocation_sectors: sectorAllocationSchema,
    classification_source: z.string().nullable().meta({
      description: 'reference, heuristic, llm:<model>; null until the Tagger classifies it',
    }),
  })
  .meta({ id: 'Instrument' });
export type ApiInstrument = z.infer<typeof apiInstrumentSchema>;

export const apiPositionSchema = z
  .object({
    id: uuid,
    account_id: uuid,
    symbol: z.string(),
    quantity: z.number(),
    current_price: z.number().nullable().meta({
      description: 'the instrument’s price, repeated here as the original front end reads it',
    }),
    unknown_symbol: z.boolean().meta({
      description:
        'true while the symbol has neither a price nor a classification: it is tagged by the next analysis and never given a made-up price',
    }),
    instrument: apiInstrumentSchema.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Position' });
export type ApiPosition = z.infer<typeof apiPositionSchema>;

export const positionListSchema = z
  .object({ positions: z.array(apiPositionSchema) })
  .meta({ id: 'PositionList' });

export const positionCreateRequestSchema = z
  .object({
    account_id: uuid,
    symbol: symbolSchema,
    quantity: rangeSchema(QUANTITY),
  })
  .strict()
  .meta({ id: 'PositionCreate' });

export const positionUpdateRequestSchema = z
  .object({ quantity: rangeSchema(QUANTITY) })
  .strict()
  .meta({ id: 'PositionUpdate' });

// ---------------------------------------------------------------------------------- analysis

const analysisOptionsSchema = z
  .object({
    request: z.string().trim().max(2000).optional(),
    agents: z.array(z.enum(SPECIALIST_NAMES)).min(1).optional(),
  })
  .strict();

/**
 * The original's `{analysis_type: "portfolio", options: {}}`, or Alex's own
 * `{request?, agents?}`; both start the same job.
 */
export const analyzeRequestSchema = analysisOptionsSchema
  .extend({
    analysis_type: z.enum(['portfolio', 'portfolio_analysis']).default('portfolio'),
    options: analysisOptionsSchema.default({}),
  })
  .strict()
  .meta({ id: 'AnalyzeRequest' });
export type AnalyzeRequest = z.infer<typeof analyzeRequestSchema>;

export const analyzeResponseSchema = z
  .object({ job_id: uuid, message: z.string() })
  .meta({ id: 'AnalyzeResponse' });

const jobStatusSchema = z.enum(JOB_STATUSES).exclude(['partial']).meta({
  description:
    'pending | running | completed | failed. A job some of whose specialists failed reads completed, with partial: true and failed_agents, so a poller that waits for completed or failed stops',
});

export const apiJobSchema = z
  .object({
    id: uuid,
    clerk_user_id: z.string(),
    job_type: z.string(),
    status: jobStatusSchema,
    partial: z.boolean(),
    failed_agents: z.array(z.enum(AGENT_NAMES)),
    request_payload: z.record(z.string(), z.unknown()),
    report_payload: reportPayloadSchema.nullable(),
    charts_payload: chartsPayloadSchema.nullable(),
    retirement_payload: retirementPayloadSchema.nullable(),
    summary_payload: summaryPayloadSchema.nullable(),
    error_message: z.string().nullable(),
    attempts: z.number().int(),
    created_at: timestamp,
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    updated_at: timestamp,
  })
  .meta({ id: 'Job' });
export type ApiJob = z.infer<typeof apiJobSchema>;

/** The figures a dashboard shows of a job's retirement projection, without the projection. */
export const retirementHeadlineSchema = z
  .object({
    success_probability: z.number().min(0).max(100).meta({ description: 'percent' }),
    success_standard_error: z
      .number()
      .nonnegative()
      .nullable()
      .meta({ description: 'percentage points; null for historical windows and older payloads' }),
    sustainable_spending_at_90pct: z.number().meta({ description: 'US dollars a year' }),
  })
  .meta({ id: 'RetirementHeadline' });

/**
 * A job as GET /api/jobs lists it: what a history or a dashboard shows, without the payloads
 * (tens of KB each), which GET /api/jobs/{id}, report.md and charts.json answer.
 */
export const apiJobListItemSchema = apiJobSchema
  .pick({
    id: true,
    clerk_user_id: true,
    job_type: true,
    status: true,
    partial: true,
    failed_agents: true,
    error_message: true,
    attempts: true,
    created_at: true,
    started_at: true,
    completed_at: true,
    updated_at: true,
  })
  .extend({
    error_message: z
      .string()
      .nullable()
      .meta({
        description: `the first ${LISTED_ERROR_CHARS.toLocaleString('en-US')} characters of the error, saying how many more there are; GET /api/jobs/{id} has it whole`,
      }),
    has_report: z.boolean().meta({ description: 'GET /api/jobs/{id}/report.md answers it' }),
    has_charts: z.boolean().meta({ description: 'GET /api/jobs/{id}/charts.json answers it' }),
    has_retirement: z.boolean(),
    cost_usd: z.number().nonnegative().nullable().meta({
      description: 'what the model calls cost, in US dollars; null until the job has finished',
    }),
    retirement_headline: retirementHeadlineSchema.nullable(),
  })
  .meta({ id: 'JobListItem' });
export type ApiJobListItem = z.infer<typeof apiJobListItemSchema>;

/**
 * A job row whose listed fields no longer read under the payload contracts: what is known of
 * it, and the problem in error_message.
 */
export const unreadableJobSchema = z
  .object({
    id: uuid,
    status: z.string(),
    unreadable: z.literal(true),
    error_message: z.string(),
    created_at: timestamp,
  })
  .meta({ id: 'UnreadableJob' });
export type ApiUnreadableJob = z.infer<typeof unreadableJobSchema>;

// The original answered a user's latest 100 jobs; a page of the same size by default keeps its
// pages (which pick the newest completed job from the list) working unchanged. It is also the
// most one list statement may read (MAX_LISTED_JOBS, contracts/jobs.ts).
export const JOBS_PAGE_MAX = MAX_LISTED_JOBS;

const JOBS_PAGE_MAX_OFFSET = 1_000_000;
// One rule per parameter, given whichever way a value breaks it (not a number, a fraction, too
// small, too large): the schema-wide message alone would tell a caller who sent limit=101 only
// that it "must be a whole number". Written out, not built with describeRange, so that loading
// the contracts does not start ICU (see rangeSchema in limits.ts).
const LIMIT_RULE = `must be a whole number from 1 to ${JOBS_PAGE_MAX}: ${MAX_LISTED_JOBS_REASON}`;
const OFFSET_RULE = 'must be a whole number from 0 to 1,000,000';

export const jobListQuerySchema = z
  .object({
    limit: z.coerce
      .number({ error: LIMIT_RULE })
      .int(LIMIT_RULE)
      .min(1, LIMIT_RULE)
      .max(JOBS_PAGE_MAX, LIMIT_RULE)
      .default(JOBS_PAGE_MAX),
    offset: z.coerce
      .number({ error: OFFSET_RULE })
      .int(OFFSET_RULE)
      .min(0, OFFSET_RULE)
      .max(JOBS_PAGE_MAX_OFFSET, OFFSET_RULE)
      .default(0),
  })
  .strict();

export const jobListSchema = z
  .object({
    jobs: z.array(z.union([apiJobListItemSchema, unreadableJobSchema])),
    limit: z.number().int(),
    offset: z.number().int(),
    next_offset: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'offset of the next page; null on the last page' }),
  })
  .meta({ id: 'JobList' });

/** One Server-Sent Event of GET /api/jobs/{id}/events (the `data:` line, as JSON). */
export const jobEventSchema = z
  .object({
    type: z.enum(['agent-started', 'agent-finished', 'agent-failed', 'job-finished']),
    at: timestamp,
    agent: z.enum(AGENT_NAMES).optional(),
    attempt: z.number().int().optional(),
    model: z.string().nullable().optional(),
    duration_ms: z.number().nullable().optional(),
    input_tokens: z.number().optional(),
    output_tokens: z.number().optional(),
    cost_usd: z.number().optional(),
    error: z.string().nullable().optional(),
    status: z.enum(['completed', 'failed']).optional(),
    partial: z.boolean().optional(),
    failed_agents: z.array(z.enum(AGENT_NAMES)).optional(),
  })
  .meta({ id: 'JobEvent' });
export type JobEvent = z.infer<typeof jobEventSchema>;

// ------------------------------------------------------------------------------------- admin

export const resetAccountsResponseSchema = z
  .object({ message: z.string(), accounts_deleted: z.number().int() })
  .meta({ id: 'ResetAccounts' });

export const populateTestDataResponseSchema = z
  .object({
    message: z.string(),
    accounts_created: z.number().int(),
    accounts: z.array(apiAccountSchema),
  })
  .meta({ id: 'PopulateTestData' });

// ------------------------------------------------------------------------ simulate, portfolio

const fraction = z.number().min(0).max(1);

/**
 * The overrides of POST /api/simulate: `alex simulate`'s flags in snake_case. Left out, the
 * balance, years to retirement, contribution, spending and allocation come from the caller's
 * portfolio and profile.
 */
export const simulateRequestSchema = z
  .object({
    balance: rangeSchema(AMOUNT_USD),
    years_to_retirement: z.number().int().min(0).max(80),
    contribution: rangeSchema(AMOUNT_USD),
    retirement_years: z.number().int().min(1).max(80),
    plan_to_age: z.number().int().min(1).max(MAX_PLAN_TO_AGE).meta({
      description:
        'plan to this age instead of retirement_years (default: the profile’s plan_to_age, else the life table’s 10% age)',
    }),
    sex: z
      .string()
      .meta({ description: 'female | male: the life table read (default: the profile’s)' }),
    spending: rangeSchema(AMOUNT_USD),
    withdrawal_rate: fraction,
    inflation_adjust: z.boolean(),
    allocation: z.record(z.string(), fraction).meta({
      description: 'fractions by asset class summing to 1, e.g. {"equity":0.6,"fixed_income":0.4}',
    }),
    model: z.string(),
    return_mean: z.number().min(-0.5).max(1),
    return_volatility: fraction,
    inflation: z.number().min(-0.1).max(0.5),
    cash_rate: z.number().min(0).max(0.2),
    expense_ratio: z.number().min(0).max(0.05),
    withdrawal_timing: z.string(),
    strategy: z.string(),
    spending_floor: fraction,
    target_success: z.number().gt(0).max(1),
    simulations: z.number().int().min(1).max(10_000),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    current_age: z.number().int().min(0).max(120),
    social_security: z.string().meta({
      description:
        'AGE:AMOUNT[/month|/year], your benefit at that claiming age, e.g. "67:2400/month"',
    }),
    spouse_social_security: z.string(),
    spouse_age: z.number().int().min(0).max(120),
    pension: z.array(z.string()).max(20).meta({
      description: 'AGE:AMOUNT[/month|/year][:YEARS|:life][:indexed|:fixed] each',
    }),
    income: z.array(z.string()).max(20),
    expense: z.array(z.string()).max(20),
    levers: z.boolean(),
    taxable: rangeSchema(AMOUNT_USD).meta({
      description: 'the balance in taxable accounts; default: the accounts of that type',
    }),
    tax_deferred: rangeSchema(AMOUNT_USD),
    tax_free: rangeSchema(AMOUNT_USD),
    withdrawal_order: z.string().meta({ description: 'taxable_first or proportional' }),
    tax_deferred_rate: z
      .number()
      .meta({ description: 'flat rate (0-0.6) on tax-deferred withdrawals' }),
    filing_status: z.string().meta({ description: 'single or married_joint (the default rate)' }),
  })
  .partial()
  .strict()
  .meta({ id: 'SimulateRequest' });
export type SimulateRequest = z.infer<typeof simulateRequestSchema>;

export { simulateResponseSchema, type SimulateResponse } from './simulation.ts';

const sliceSchema = z.object({ key: z.string(), value_usd: z.number(), pct: z.number() });

export const portfolioAnalyticsSchema = z
  .object({
    total_usd: z.number(),
    invested_usd: z.number(),
    cash_usd: z.number(),
    allocation: z.object({
      asset_class: z.array(sliceSchema),
      region: z.array(sliceSchema),
      sector: z.array(sliceSchema),
    }),
    accounts: z.array(sliceSchema.extend({ name: z.string(), type: z.enum(ACCOUNT_TYPES) })),
    top_holdings: z.array(sliceSchema),
    drift: z.object({
      asset_class: z.array(
        z.object({
          key: z.string(),
          target_pct: z.number(),
          actual_pct: z.number(),
          drift_pct: z.number(),
          rebalance_usd: z.number(),
        }),
      ),
      region: z.array(
        z.object({
          key: z.string(),
          target_pct: z.number(),
          actual_pct: z.number(),
          drift_pct: z.number(),
          rebalance_usd: z.number(),
        }),
      ),
    }),
    fees: z
      .object({
        weighted_expense_ratio_pct: z.number(),
        annual_fees_usd: z.number(),
        covered_pct: z.number(),
      })
      .nullable()
      .meta({ description: 'null when no holding has a known expense ratio' }),
    unpriced: z.array(
      z.object({
        account_id: z.string(),
        symbol: z.string(),
        quantity: z.number(),
        reason: z.enum(['no_price', 'unknown_instrument']),
      }),
    ),
  })
  .meta({ id: 'PortfolioAnalytics' });
export type PortfolioAnalyticsResponse = z.infer<typeof portfolioAnalyticsSchema>;
