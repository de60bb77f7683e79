import { z } from 'zod';
import { AMOUNT_USD, birthYearSchema, rangeSchema } from './limits.ts';

// Income and expenses over time, as the profile stores them and the API shows them (issue 16).
// Ages are the person's own: a spouse's Social Security is claimed at the spouse's age.

export const INCOME_STREAM_KINDS = ['social_security', 'pension', 'income', 'expense'] as const;
export type IncomeStreamKind = (typeof INCOME_STREAM_KINDS)[number];

/** Social Security can be claimed from 62 to 70 (US Social Security Administration). */
export const SOCIAL_SECURITY_CLAIMING_AGES = { min: 62, max: 70 } as const;

export const incomeStreamSchema = z
  .object({
    kind: z.enum(INCOME_STREAM_KINDS).meta({
      description:
        'social_security, pension (or annuity), income (part-time work, a windfall) or expense',
    }),
    person: z.enum(['self', 'spouse']).default('self'),
    start_age: z.number().int().min(0).max(120).meta({
      description: "the person's age in the first year it is paid; Social Security: claiming age",
    }),
    years: z.number().int().min(1).max(100).nullable().default(null).meta({
      description: 'how many years it is paid; null: for life (to the end of the plan)',
    }),
    annual_usd: rangeSchema(AMOUNT_USD).meta({
      description:
        "paid each year: today's dollars when inflation-indexed, else the nominal dollars paid",
    }),
    inflation_indexed: z.boolean().meta({
      description: 'true: rises with inflation; false: fixed nominal (loses real value)',
    }),
    note: z.string().trim().min(1).max(200).optional().meta({
      description: 'where the figure comes from, e.g. "illustrative demo assumption"',
    }),
  })
  .strict()
  .superRefine((stream, context) => {
    if (stream.kind !== 'social_security') return;
    const { min, max } = SOCIAL_SECURITY_CLAIMING_AGES;
    if (stream.start_age < min || stream.start_age > max) {
      context.addIssue({
        code: 'custom',
        path: ['start_age'],
        message: `Social Security is claimed from ${min} to ${max}`,
      });
    }
    if (!stream.inflation_indexed) {
      context.addIssue({
        code: 'custom',
        path: ['inflation_indexed'],
        message: 'Social Security benefits are indexed to inflation (cost-of-living adjustments)',
      });
    }
    if (stream.years !== null) {
      context.addIssue({
        code: 'custom',
        path: ['years'],
        message: 'Social Security is paid for life: leave years null',
      });
    }
  })
  .meta({ id: 'IncomeStream' });
export type IncomeStream = z.output<typeof incomeStreamSchema>;
export type IncomeStreamInput = z.input<typeof incomeStreamSchema>;

/** The profile's income and expenses beside the portfolio. */
export const incomePlanSchema = z
  .object({
    spouse_birth_year: birthYearSchema.nullable().default(null).meta({
      description: "needed by a spouse's streams, whose ages are the spouse's",
    }),
    streams: z.array(incomeStreamSchema).max(20).default([]),
  })
  .strict()
  .superRefine((plan, context) => {
    const spouse = plan.streams.some((stream) => stream.person === 'spouse');
    if (spouse && plan.spouse_birth_year === null) {
      context.addIssue({
        code: 'custom',
        path: ['spouse_birth_year'],
        message: "is required by a spouse's stream",
      });
    }
    for (const person of ['self', 'spouse'] as const) {
      const count = plan.streams.filter(
        (stream) => stream.kind === 'social_security' && stream.person === person,
      ).length;
      if (count > 1) {
        context.addIssue({
          code: 'custom',
          path: ['streams'],
          message: `one Social Security benefit per person (${person} has ${count})`,
        });
      }
    }
  })
  .meta({ id: 'IncomePlan' });
export type IncomePlan = z.output<typeof incomePlanSchema>;

export const EMPTY_INCOME_PLAN: IncomePlan = { spouse_birth_year: null, streams: [] };
