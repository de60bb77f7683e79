import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  assetClassAllocationSchema,
  assetClassTargetsSchema,
  regionAllocationSchema,
  regionTargetsSchema,
  type AssetClassAllocation,
  type RegionAllocation,
} from '../../contracts/allocation.ts';
import {
  EMPTY_INCOME_PLAN,
  incomePlanSchema,
  type IncomePlan,
} from '../../contracts/income-streams.ts';
import {
  AMOUNT_USD,
  birthYearSchema,
  PLAN_TO_AGE,
  rangeSchema,
  YEARS_TO_RETIREMENT,
} from '../../contracts/limits.ts';
import { sexSchema, type SEXES } from '../../contracts/simulation.ts';
import { xrayThresholdsSchema, type XrayThresholds } from '../../contracts/xray.ts';
import { DEFAULT_TAX_PLAN, taxPlanSchema, type TaxPlan } from '../../contracts/tax-plan.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import { isoFrom, jsonFrom, jsonText, numberFrom } from '../columns.ts';
import type { Database, UserRow } from '../tables.ts';
import { planToAgeIssue, type PlanToAgeField, type PlanToAgeFields } from './plan-to-age-rule.ts';

type Sex = (typeof SEXES)[number];

export const newUserSchema = z
  .object({
    displayName: z.string().trim().min(1, 'must not be empty').max(200),
    birthYear: birthYearSchema.optional(),
    sex: sexSchema.nullable().optional(),
    planToAge: rangeSchema(PLAN_TO_AGE).nullable().optional(),
    yearsUntilRetirement: rangeSchema(YEARS_TO_RETIREMENT).default(0),
    targetRetirementIncomeUsd: rangeSchema(AMOUNT_USD).default(0),
    annualContributionUsd: rangeSchema(AMOUNT_USD).default(0),
    assetClassTargets: assetClassTargetsSchema.default({}),
    regionTargets: regionTargetsSchema.default({}),
    incomePlan: incomePlanSchema.default(EMPTY_INCOME_PLAN),
    xrayThresholds: xrayThresholdsSchema.default({}),
    taxPlan: taxPlanSchema.default(DEFAULT_TAX_PLAN),
  })
  .strict();
export type NewUser = z.input<typeof newUserSchema>;

/** The fields a person may change on their profile; each one optional, none defaulted. */
export const userUpdateSchema = z
  .object({
    displayName: z.string().trim().min(1, 'must not be empty').max(200),
    birthYear: birthYearSchema.nullable(),
    sex: sexSchema.nullable(),
    planToAge: rangeSchema(PLAN_TO_AGE).nullable(),
    yearsUntilRetirement: rangeSchema(YEARS_TO_RETIREMENT),
    targetRetirementIncomeUsd: rangeSchema(AMOUNT_USD),
    annualContributionUsd: rangeSchema(AMOUNT_USD),
    assetClassTargets: assetClassTargetsSchema,
    regionTargets: regionTargetsSchema,
    incomePlan: incomePlanSchema,
    xrayThresholds: xrayThresholdsSchema,
    taxPlan: taxPlanSchema,
  })
  .partial()
  .strict();
export type UserUpdate = z.input<typeof userUpdateSchema>;

// An external id as the auth modes give it: "local", "token", or a JWT `sub`.
const externalIdSchema = z.string().min(1).max(255);

export interface User {
  id: string;
  /** The id the API's auth mode knows the user by; null for users made by the CLI. */
  externalId: string | null;
  displayName: string;
  birthYear: number | null;
  /** Which SSA life table the projection reads; null: not stated (a 50/50 blend). */
  sex: Sex | null;
  /** The age the plan runs to; null: the life table's 10% age (or 30 years without an age). */
  planToAge: number | null;
  yearsUntilRetirement: number;
  targetRetirementIncomeUsd: number;
  annualContributionUsd: number;
  assetClassTargets: AssetClassAllocation;
  regionTargets: RegionAllocation;
  /** Income and expenses beside the portfolio: Social Security, pensions, other streams. */
  incomePlan: IncomePlan;
  /** Thresholds of the X-ray's rules the user changed; the rest keep their defaults. */
  xrayThresholds: XrayThresholds;
  /** How the projection taxes withdrawals: filing status, order, tax-deferred rate. */
  taxPlan: TaxPlan;
  createdAt: string;
  updatedAt: string;
}

export function createUserRepository(db: Kysely<Database>) {
  return {
    /**
     * `options.id` fixes the id (the demo user); normally the database assigns one.
     * `options.externalId` ties the user to an API caller.
     */
    async create(
      input: NewUser,
      options: { id?: string; externalId?: string } = {},
    ): Promise<User> {
      const user = parseWith(newUserSchema, input, 'user');
      checkNewUserPlanToAge(user);
      const row = await db
        .insertInto('users')
        .values({
          ...(options.id ? { id: options.id } : {}),
          ...(options.externalId
            ? { external_id: parseWith(externalIdSchema, options.externalId, 'external_id') }
            : {}),
          display_name: user.displayName,
          birth_year: user.birthYear ?? null,
          sex: user.sex ?? null,
          plan_to_age: user.planToAge ?? null,
          years_until_retirement: user.yearsUntilRetirement,
          target_retirement_income: user.targetRetirementIncomeUsd,
          annual_contribution: user.annualContributionUsd,
          asset_class_targets: jsonText(user.assetClassTargets),
          region_targets: jsonText(user.regionTargets),
          income_plan: jsonText(user.incomePlan),
          xray_thresholds: jsonText(user.xrayThresholds),
          tax_plan: jsonText(user.taxPlan),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },

    /** The user, or NotFoundError. */
    async get(userId: string): Promise<User> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', parseWith(z.uuid('must be a UUID'), userId, 'user'))
        .executeTakeFirst();
      if (!row) throw new NotFoundError('user', userId);
      return toUser(row);
    },

    /** The user an API caller maps to, or undefined before their first call. */
    async findByExternalId(externalId: string): Promise<User | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('external_id', '=', parseWith(externalIdSchema, externalId, 'external_id'))
        .executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    /**
     * The API caller's user, created from `input` on the first call. Two first calls at once
     * create one user: the loser's insert does nothing and both read the winner's row.
     */
    async findOrCreateByExternalId(
      externalId: string,
      input: NewUser,
      options: { id?: string } = {},
    ): Promise<{ user: User; created: boolean }> {
      const id = parseWith(externalIdSchema, externalId, 'external_id');
      const user = parseWith(newUserSchema, input, 'user');
      checkNewUserPlanToAge(user);
      const inserted = await db
        .insertInto('users')
        .values({
          ...(options.id ? { id: options.id } : {}),
          external_id: id,
          display_name: user.displayName,
          birth_year: user.birthYear ?? null,
          sex: user.sex ?? null,
          plan_to_age: user.planToAge ?? null,
          years_until_retirement: user.yearsUntilRetirement,
          target_retirement_income: user.targetRetirementIncomeUsd,
          annual_contribution: user.annualContributionUsd,
          asset_class_targets: jsonText(user.assetClassTargets),
          region_targets: jsonText(user.regionTargets),
          income_plan: jsonText(user.incomePlan),
          tax_plan: jsonText(user.taxPlan),
        })
        .onConflict((conflict) => conflict.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { user: toUser(inserted), created: true };
      const existing = await db
        .selectFrom('users')
        .selectAll()
        .where('external_id', '=', id)
        .executeTakeFirst();
      if (existing) return { user: toUser(existing), created: false };
      // The fixed id is taken by a user made before the API knew it (the CLI's demo user):
      // that user is this caller.
      if (!options.id) throw new NotFoundError('user', id);
      const claimed = await db
        .updateTable('users')
        .set({ external_id: id, updated_at: new Date() })
        .where('id', '=', options.id)
        .where('external_id', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!claimed) throw new NotFoundError('user', id);
      return { user: toUser(claimed), created: false };
    },

    /**
     * Change the user's profile; fields left out keep their values. A change to plan_to_age,
     * birth_year or years_until_retirement is checked against the stored others (plan-to-age-rule.ts)
     * with the row locked, so two changes at once cannot together leave a plan ending before
     * retirement; nothing is written when it fails.
     */
    async update(userId: string, input: UserUpdate): Promise<User> {
      const patch = parseWith(userUpdateSchema, input, 'user');
      const id = parseWith(z.uuid('must be a UUID'), userId, 'user');
      const changed = PLAN_TO_AGE_FIELDS.filter((field) => patch[field] !== undefined);
      if (changed.length === 0) return writeUpdate(db, id, patch);
      return db.transaction().execute(async (trx) => {
        const stored = await trx
          .selectFrom('users')
          .select(['birth_year', 'years_until_retirement', 'plan_to_age'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!stored) throw new NotFoundError('user', userId);
        checkPlanToAge(
          {
            birthYear: patch.birthYear !== undefined ? patch.birthYear : stored.birth_year,
            yearsUntilRetirement: patch.yearsUntilRetirement ?? stored.years_until_retirement,
            planToAge: patch.planToAge !== undefined ? patch.planToAge : stored.plan_to_age,
          },
          changed,
        );
        return writeUpdate(trx, id, patch);
      });
    },

    async list(): Promise<User[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('created_at').execute();
      return rows.map(toUser);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;

const PLAN_TO_AGE_FIELDS: readonly PlanToAgeField[] = [
  'planToAge',
  'birthYear',
  'yearsUntilRetirement',
];

/** InputError when the profile's plan_to_age would not lie after its retirement age. */
function checkPlanToAge(profile: PlanToAgeFields, changed: readonly PlanToAgeField[]): void {
  const issue = planToAgeIssue(profile, changed, new Date().getUTCFullYear());
  if (issue) throw new InputError([issue]);
}

function checkNewUserPlanToAge(user: z.output<typeof newUserSchema>): void {
  checkPlanToAge(
    {
      birthYear: user.birthYear ?? null,
      yearsUntilRetirement: user.yearsUntilRetirement,
      planToAge: user.planToAge ?? null,
    },
    ['planToAge'],
  );
}

/** Writes the checked patch (fields left out keep their values) and reads the row back. */
async function writeUpdate(
  db: Kysely<Database>,
  userId: string,
  patch: z.output<typeof userUpdateSchema>,
): Promise<User> {
  const row = await db
    .updateTable('users')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.birthYear !== undefined ? { birth_year: patch.birthYear } : {}),
      ...(patch.sex !== undefined ? { sex: patch.sex } : {}),
      ...(patch.planToAge !== undefined ? { plan_to_age: patch.planToAge } : {}),
      ...(patch.yearsUntilRetirement !== undefined
        ? { years_until_retirement: patch.yearsUntilRetirement }
        : {}),
      ...(patch.targetRetirementIncomeUsd !== undefined
        ? { target_retirement_income: patch.targetRetirementIncomeUsd }
        : {}),
      ...(patch.annualContributionUsd !== undefined
        ? { annual_contribution: patch.annualContributionUsd }
        : {}),
      ...(patch.assetClassTargets !== undefined
        ? { asset_class_targets: jsonText(patch.assetClassTargets) }
        : {}),
      ...(patch.regionTargets !== undefined
        ? { region_targets: jsonText(patch.regionTargets) }
        : {}),
      ...(patch.incomePlan !== undefined ? { income_plan: jsonText(patch.incomePlan) } : {}),
      ...(patch.xrayThresholds !== undefined
        ? { xray_thresholds: jsonText(patch.xrayThresholds) }
        : {}),
      ...(patch.taxPlan !== undefined ? { tax_plan: jsonText(patch.taxPlan) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('user', userId);
  return toUser(row);
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    externalId: row.external_id,
    displayName: row.display_name,
    birthYear: row.birth_year,
    sex: parseWith(sexSchema.nullable(), row.sex, 'users.sex'),
    planToAge: row.plan_to_age,
    yearsUntilRetirement: row.years_until_retirement,
    targetRetirementIncomeUsd: numberFrom(row.target_retirement_income),
    annualContributionUsd: numberFrom(row.annual_contribution),
    assetClassTargets: jsonFrom(
      row.asset_class_targets,
      assetClassAllocationSchema,
      'asset_class_targets',
    ),
    regionTargets: jsonFrom(row.region_targets, regionAllocationSchema, 'region_targets'),
    incomePlan: jsonFrom(row.income_plan, incomePlanSchema, 'income_plan'),
    xrayThresholds: jsonFrom(row.xray_thresholds, xrayThresholdsSchema, 'xray_thresholds'),
    taxPlan: jsonFrom(row.tax_plan, taxPlanSchema, 'tax_plan'),
    createdAt: isoFrom(row.created_at),
    updatedAt: isoFrom(row.updated_at),
  };
}
