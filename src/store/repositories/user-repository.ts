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
  AMOUNT_USD,
  birthYearSchema,
  rangeSchema,
  YEARS_TO_RETIREMENT,
} from '../../contracts/limits.ts';
import { NotFoundError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import { isoFrom, jsonFrom, jsonText, numberFrom } from '../columns.ts';
import type { Database, UserRow } from '../tables.ts';

export const newUserSchema = z
  .object({
    displayName: z.string().trim().min(1, 'must not be empty').max(200),
    birthYear: birthYearSchema.optional(),
    yearsUntilRetirement: rangeSchema(YEARS_TO_RETIREMENT).default(0),
    targetRetirementIncomeUsd: rangeSchema(AMOUNT_USD).default(0),
    annualContributionUsd: rangeSchema(AMOUNT_USD).default(0),
    assetClassTargets: assetClassTargetsSchema.default({}),
    regionTargets: regionTargetsSchema.default({}),
  })
  .strict();
export type NewUser = z.input<typeof newUserSchema>;

export interface User {
  id: string;
  displayName: string;
  birthYear: number | null;
  yearsUntilRetirement: number;
  targetRetirementIncomeUsd: number;
  annualContributionUsd: number;
  assetClassTargets: AssetClassAllocation;
  regionTargets: RegionAllocation;
  createdAt: string;
}

export function createUserRepository(db: Kysely<Database>) {
  return {
    /** `options.id` fixes the id (the demo user); normally the database assigns one. */
    async create(input: NewUser, options: { id?: string } = {}): Promise<User> {
      const user = parseWith(newUserSchema, input, 'user');
      const row = await db
        .insertInto('users')
        .values({
          ...(options.id ? { id: options.id } : {}),
          display_name: user.displayName,
          birth_year: user.birthYear ?? null,
          years_until_retirement: user.yearsUntilRetirement,
          target_retirement_income: user.targetRetirementIncomeUsd,
          annual_contribution: user.annualContributionUsd,
          asset_class_targets: jsonText(user.assetClassTargets),
          region_targets: jsonText(user.regionTargets),
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

function toUser(row: UserRow): User {
  return {
    id: row.id,
    displayName: row.display_name,
    birthYear: row.birth_year,
    yearsUntilRetirement: row.years_until_retirement,
    targetRetirementIncomeUsd: numberFrom(row.target_retirement_income),
    annualContributionUsd: numberFrom(row.annual_contribution),
    assetClassTargets: jsonFrom(
      row.asset_class_targets,
      assetClassAllocationSchema,
      'asset_class_targets',
    ),
    regionTargets: jsonFrom(row.region_targets, regionAllocationSchema, 'region_targets'),
    createdAt: isoFrom(row.created_at),
  };
}
