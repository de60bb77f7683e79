import type { Kysely } from 'kysely';
import { z } from 'zod';
import { symbolSchema } from '../../contracts/allocation.ts';
import { QUANTITY, rangeSchema } from '../../contracts/limits.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';
import { isoFrom, numberFrom } from '../columns.ts';
import type { Database, PositionRow } from '../tables.ts';
import { idSchema } from './account-repository.ts';

export const newPositionSchema = z
  .object({
    accountId: idSchema('account'),
    symbol: symbolSchema,
    quantity: rangeSchema(QUANTITY).refine(
      (value) => Number.isInteger(Math.round(value * 1e8 * 1e3) / 1e3),
      'must have at most 8 decimal places',
    ),
  })
  .strict();
export type NewPosition = z.input<typeof newPositionSchema>;

const quantitySchema = newPositionSchema.shape.quantity;

export interface Position {
  id: string;
  accountId: string;
  symbol: string;
  quantity: number;
  createdAt: string;
  updatedAt: string;
}

export function createPositionRepository(db: Kysely<Database>) {
  return {
    /**
     * Add a holding to one of the user's accounts. An unknown symbol gets an unclassified
     * instrument row (the Tagger classifies it later); nothing is half-written on failure.
     */
    async add(userId: string, input: NewPosition): Promise<Position> {
      const position = parseWith(newPositionSchema, input, 'position');
      return db.transaction().execute(async (trx) => {
        const account = await trx
          .selectFrom('accounts')
          .select('id')
          .where('id', '=', position.accountId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!account) throw new NotFoundError('account', position.accountId);
        const existing = await trx
          .selectFrom('positions')
          .select('id')
          .where('account_id', '=', position.accountId)
          .where('symbol', '=', position.symbol)
          .executeTakeFirst();
        if (existing) {
          throw InputError.field(
            'symbol',
            `${position.symbol} is already held in this account; remove it first or use a different account`,
          );
        }
        await trx
          .insertInto('instruments')
          .values({
            symbol: position.symbol,
            name: position.symbol,
            allocation_asset_class: '{}',
            allocation_regions: '{}',
            allocation_sectors: '{}',
          })
          .onConflict((conflict) => conflict.column('symbol').doNothing())
          .execute();
        const row = await trx
          .insertInto('positions')
          .values({
            account_id: position.accountId,
            symbol: position.symbol,
            quantity: position.quantity.toString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPosition(row);
      });
    },

    /** The user's positions, optionally in one account. */
    async list(userId: string, accountId?: string): Promise<Position[]> {
      let query = db
        .selectFrom('positions')
        .innerJoin('accounts', 'accounts.id', 'positions.account_id')
        .selectAll('positions')
        .where('accounts.user_id', '=', userId);
      if (accountId !== undefined) {
        query = query.where(
          'positions.account_id',
          '=',
          parseWith(idSchema('account'), accountId, 'account'),
        );
      }
      const rows = await query
        .orderBy('positions.account_id')
        .orderBy('positions.symbol')
        .execute();
      return rows.map(toPosition);
    },

    /** The user's position by its id; NotFoundError for another user's position. */
    async get(userId: string, positionId: string): Promise<Position> {
      const row = await db
        .selectFrom('positions')
        .innerJoin('accounts', 'accounts.id', 'positions.account_id')
        .selectAll('positions')
        .where('accounts.user_id', '=', userId)
        .where('positions.id', '=', parseWith(idSchema('position'), positionId, 'position'))
        .executeTakeFirst();
      if (!row) throw new NotFoundError('position', positionId);
      return toPosition(row);
    },

    /** Set the quantity of the user's position. */
    async updateQuantity(userId: string, positionId: string, quantity: number): Promise<Position> {
      const id = parseWith(idSchema('position'), positionId, 'position');
      const valid = parseWith(quantitySchema, quantity, 'quantity');
      const row = await db
        .updateTable('positions')
        .set({ quantity: valid.toString(), updated_at: new Date() })
        .where('id', '=', id)
        .where(
          'account_id',
          'in',
          db.selectFrom('accounts').select('id').where('user_id', '=', userId),
        )
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('position', positionId);
      return toPosition(row);
    },

    /** Delete the user's position by its id. */
    async removeById(userId: string, positionId: string): Promise<void> {
      const result = await db
        .deleteFrom('positions')
        .where('id', '=', parseWith(idSchema('position'), positionId, 'position'))
        .where(
          'account_id',
          'in',
          db.selectFrom('accounts').select('id').where('user_id', '=', userId),
        )
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('position', positionId);
    },

    /** Remove a holding from one of the user's accounts. */
    async remove(userId: string, accountId: string, symbol: string): Promise<void> {
      const normalised = parseWith(symbolSchema, symbol, 'symbol');
      const result = await db
        .deleteFrom('positions')
        .where('account_id', '=', parseWith(idSchema('account'), accountId, 'account'))
        .where('symbol', '=', normalised)
        .where(
          'account_id',
          'in',
          db.selectFrom('accounts').select('id').where('user_id', '=', userId),
        )
        .executeTakeFirst();
      if (result.numDeletedRows === 0n)
        throw new NotFoundError('position', `${normalised} in account ${accountId}`);
    },
  };
}

export type PositionRepository = ReturnType<typeof createPositionRepository>;

function toPosition(row: PositionRow): Position {
  return {
    id: row.id,
    accountId: row.account_id,
    symbol: row.symbol,
    quantity: numberFrom(row.quantity),
    createdAt: isoFrom(row.created_at),
    updatedAt: isoFrom(row.updated_at),
  };
}
