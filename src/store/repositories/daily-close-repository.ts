import type { Kysely } from 'kysely';
import { numberFrom } from '../columns.ts';
import type { Database } from '../tables.ts';

/**
 * The database behind the market module's DailyCloseCache: one trading day's closes for the
 * whole market, so a day of Polygon's free plan costs two calls however often prices refresh.
 */
export function createDailyCloseRepository(db: Kysely<Database>, source = 'polygon:grouped-daily') {
  return {
    async get(date: string): Promise<Map<string, number> | undefined> {
      const rows = await db
        .selectFrom('market_daily_closes')
        .select(['symbol', 'close_usd'])
        .where('trading_date', '=', date)
        .execute();
      if (rows.length === 0) return undefined;
      return new Map(rows.map((row) => [row.symbol, numberFrom(row.close_usd)]));
    },

    async put(date: string, closes: Map<string, number>): Promise<void> {
      const rows = [...closes].map(([symbol, close]) => ({
        trading_date: date,
        symbol,
        close_usd: close,
        source,
      }));
      await db.transaction().execute(async (trx) => {
        // Batches keep each statement under Postgres' 65,535-parameter limit.
        for (let start = 0; start < rows.length; start += 1000) {
          await trx
            .insertInto('market_daily_closes')
            .values(rows.slice(start, start + 1000))
            .onConflict((conflict) => conflict.columns(['trading_date', 'symbol']).doNothing())
            .execute();
        }
      });
    },
  };
}
