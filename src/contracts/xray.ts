import { z } from 'zod';

// The portfolio X-ray (issue 16): look-through exposures, currency exposure and rules, as the
// CLI (`alex xray --json`), the API (`GET /api/xray`) and the report give them. Wire keys are
// snake_case; percentages are 0-100 of the WHOLE portfolio (cash included) unless named otherwise.

/** The rules, in the order they are reported. */
export const XRAY_RULE_IDS = [
  'emergency_fund',
  'fee_ratio',
  'single_company',
  'account_concentration',
  'currency_concentration',
  'home_bias',
  'target_drift',
] as const;
export type XrayRuleId = (typeof XRAY_RULE_IDS)[number];

/**
 * What a threshold may be set to, per rule. `at_least`: the value passes when it is at or above
 * the threshold; `at_most`: at or below. Defaults and their reasons: README, "Portfolio X-ray".
 */
export const XRAY_RULE_LIMITS: Record<
  XrayRuleId,
  {
    unit: 'months' | 'pct' | 'points';
    comparison: 'at_least' | 'at_most';
    min: number;
    max: number;
    defaultThreshold: number;
  }
> = {
  emergency_fund: { unit: 'months', comparison: 'at_least', min: 0, max: 60, defaultThreshold: 3 },
  fee_ratio: { unit: 'pct', comparison: 'at_most', min: 0, max: 5, defaultThreshold: 0.5 },
  single_company: { unit: 'pct', comparison: 'at_most', min: 0, max: 100, defaultThreshold: 10 },
  account_concentration: {
    unit: 'pct',
    comparison: 'at_most',
    min: 0,
    max: 100,
    defaultThreshold: 50,
  },
  currency_concentration: {
    unit: 'pct',
    comparison: 'at_most',
    min: 0,
    max: 100,
    defaultThreshold: 90,
  },
  home_bias: { unit: 'pct', comparison: 'at_most', min: 0, max: 100, defaultThreshold: 80 },
  target_drift: { unit: 'points', comparison: 'at_most', min: 0, max: 100, defaultThreshold: 5 },
};

function thresholdSchema(id: XrayRuleId) {
  const { min, max } = XRAY_RULE_LIMITS[id];
  const rule = `${id} must be between ${min} and ${max}`;
  return z.number().min(min, rule).max(max, rule);
}

/** Thresholds a user or a request sets; rules not named keep their defaults. */
export const xrayThresholdsSchema = z
  .object(
    Object.fromEntries(XRAY_RULE_IDS.map((id) => [id, thresholdSchema(id).optional()])) as Record<
      XrayRuleId,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();

// Plain decimal text, as a query parameter or a CLI flag gives it: not '', '0x10' or 'Infinity'.
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Per-run thresholds as text (`GET /api/xray?emergency_fund=6`, `alex xray --threshold
 * emergency_fund=6`): each rule's value must be decimal and inside the rule's range.
 */
export const xrayThresholdTextSchema = z
  .object(
    Object.fromEntries(
      XRAY_RULE_IDS.map((id) => [
        id,
        z
          .string()
          .regex(DECIMAL_TEXT, `${id} must be a number written in decimal`)
          .transform(Number)
          .pipe(thresholdSchema(id))
          .optional(),
      ]),
    ) as Record<
      XrayRuleId,
      z.ZodOptional<z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>, z.ZodNumber>>
    >,
  )
  .strict();
export type XrayThresholds = Partial<Record<XrayRuleId, number>>;

export const xrayRuleSchema = z.object({
  id: z.enum(XRAY_RULE_IDS),
  title: z.string(),
  threshold: z.number(),
  threshold_from: z.enum(['default', 'profile', 'request']),
  comparison: z.enum(['at_least', 'at_most']),
  unit: z.enum(['months', 'pct', 'points']),
  /** The measured value; null when the rule could not be evaluated. */
  value: z.number().nullable(),
  status: z.enum(['passed', 'failed', 'not_evaluated']),
  /** True or false when evaluated; null when not (never reported as passed). */
  passed: z.boolean().nullable(),
  why: z.string(),
});
export type XrayRuleJson = z.infer<typeof xrayRuleSchema>;

const throughSchema = z.object({
  /** A fund symbol, or `direct` for shares held outright. */
  via: z.string(),
  pct: z.number(),
  value_usd: z.number(),
});

export const xrayCompanySchema = z.object({
  name: z.string(),
  symbol: z.string().nullable(),
  pct: z.number(),
  value_usd: z.number(),
  through: z.array(throughSchema),
  /** Always true while only funds' top holdings are known: the real figure may be higher. */
  lower_bound: z.boolean(),
});

export const xrayCurrencySchema = z.object({
  key: z.string(),
  label: z.string(),
  /** The ISO code when the bucket is one currency (only USD is ever determinable); else null. */
  currency: z.string().nullable(),
  value_usd: z.number(),
  pct: z.number(),
});

export const xrayResponseSchema = z.object({
  total_usd: z.number(),
  rules: z.array(xrayRuleSchema),
  exposures: z.object({
    companies: z.array(xrayCompanySchema),
    overlap: z.array(
      z.object({
        funds: z.array(z.string()),
        /** Σ over companies in both funds' known holdings of the smaller of the two weights. */
        shared_weight_pct: z.number(),
        companies: z.array(z.string()),
      }),
    ),
    currencies: z.array(xrayCurrencySchema),
    looked_through: z.array(
      z.object({
        symbol: z.string(),
        pct: z.number(),
        holdings_as_of: z.string(),
        holdings_source: z.string(),
        /** Share of the fund that its listed holdings cover (their weights added up). */
        covered_weight_pct: z.number(),
      }),
    ),
    not_looked_through: z.array(
      z.object({ symbol: z.string(), pct: z.number(), value_usd: z.number() }),
    ),
  }),
  notes: z.array(z.string()),
});
export type XrayResponse = z.infer<typeof xrayResponseSchema>;
