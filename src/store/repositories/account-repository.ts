import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AMOUNT_USD, CASH_INTEREST_PCT, rangeSchema } from '../../contracts/limits.ts';
import { NotFoundError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import { isoFrom, numberFrom } from '../columns.ts';
import type { AccountRow, Database } from '../tables.ts';

export const ACCOUNT_TYPES = ['taxable', 'tax_deferred', 'tax_free'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const newAccountSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    purpose: z.string().trim().max(500).optional(),
    type: z.enum(ACCOUNT_TYPES, { message: `must be one of ${ACCOUNT_TYPES.join(', ')}` }),
    cashUsd: rangeSchema(AMOUNT_USD)
      .refine(
        (value) => Number.isInteger(Math.round(value * 100 * 1e6) / 1e6),
        'must be in whole cents',
      )
      .default(0),
    cashInterestPct: rangeSchema(CASH_INTEREST_PCT).default(0),
  })
  .strict();
export type NewAccount = z.input<typeof newAccountSchema>;

/** The fields of an account a person may change; each optional. */
export const accountUpdateSchema = newAccountSchema
  .pick({ name: true, type: true, cashUsd: true, cashInterestPct: true })
  .extend({ purpose: z.string().trim().max(500).nullable() })
  .partial()
  .strict();
export type AccountUpdate = z.input<typeof accountUpdateSchema>;

export interface Account {
  id: string;
  userId: string;
  name: string;
  purpose: string | null;
  type: AccountType;
  cashUsd: number;
  cashInterestPct: number;
  createdAt: string;
  updatedAt: string;
}

export const idSchema = (what: string) => z.uuid(`${what} must be a UUID`);

export function createAccountRepository(db: Kysely<Database>) {
  return {
    async create(userId: string, input: NewAccount): Promise<Account> {
      const account = parseWith(newAccountSchema, input, 'account');
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('user', userId);
      const row = await db
        .insertInto('accounts')
        .values({
          user_id: userId,
          name: account.name,
          purpose: account.purpose ?? null,
          account_type: account.type,
          cash_balance: account.cashUsd.toFixed(2),
          cash_interest_pct: account.cashInterestPct,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    },

    async list(userId: string): Promise<Account[]> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('name')
        .execute();
      return rows.map(toAccount);
    },

    /**
     * The owner of an account, for operator tools that start from an account id (the CLI's
     * `positions add --account`). User-facing requests use get(userId, accountId).
     */
    async findOwner(accountId: string): Promise<string> {
      const row = await db
        .selectFrom('accounts')
        .select('user_id')
        .where('id', '=', parseWith(idSchema('account'), accountId, 'account'))
        .executeTakeFirst();
      if (!row) throw new NotFoundError('account', accountId);
      return row.user_id;
    },

    /** The user's account, or NotFoundError (also for another user's account). */
    async get(userId: string, accountId: string): Promise<Account> {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('user_id', '=', userId)
        .where('id', '=', parseWith(idSchema('account'), accountId, 'account'))
        .executeTakeFirst();
      if (!row) throw new NotFoundError('account', accountId);
      return toAccount(row);
    },

    /** Change the user's account; NotFoundError for another user's account. */
    async update(userId: string, accountId: string, input: AccountUpdate): Promise<Account> {
      const id = parseWith(idSchema('account'), accountId, 'account');
      const patch = parseWith(accountUpdateSchema, input, 'account');
      const row = await db
        .updateTable('accounts')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.purpose !== undefined ? { purpose: patch.purpose } : {}),
          ...(patch.type !== undefined ? { account_type: patch.type } : {}),
          ...(patch.cashUsd !== undefined ? { cash_balance: patch.cashUsd.toFixed(2) } : {}),
          ...(patch.cashInterestPct !== undefined
            ? { cash_interest_pct: patch.cashInterestPct }
            : {}),
          updated_at: new Date(),
        })
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('account', accountId);
      return toAccount(row);
    },

    /** Delete the user's account and, by the foreign key's cascade, its positions. */
    async remove(userId: string, accountId: string): Promise<void> {
      const result = await db
        .deleteFrom('accounts')
        .where('user_id', '=', userId)
        .where('id', '=', parseWith(idSchema('account'), accountId, 'account'))
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('account', accountId);
    },

    /** Delete every account of the user (their positions with them); returns how many. */
    async removeAll(userId: string): Promise<number> {
      const result = await db
        .deleteFrom('accounts')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    purpose: row.purpose,
    type: row.account_type,
    cashUsd: numberFrom(row.cash_balance),
    cashInterestPct: numberFrom(row.cash_interest_pct),
    createdAt: isoFrom(row.created_at),
    updatedAt: isoFrom(row.updated_at),
  };
}
