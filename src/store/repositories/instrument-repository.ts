import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  assetClassAllocationSchema,
  regionAllocationSchema,
  sectorAllocationSchema,
  type AssetClassAllocation,
  type RegionAllocation,
  type SectorAllocation,
} from '../../contracts/allocation.ts';
import { isoFrom, jsonFrom, jsonText, optionalIsoFrom, optionalNumberFrom } from '../columns.ts';
import type { ReferenceInstrument } from '../reference/reference-instruments.ts';
import type { Database, InstrumentRow } from '../tables.ts';

/** An instrument as the rest of Alex sees it: classification and last stored price. */
export interface Instrument {
  symbol: string;
  name: string;
  instrumentType: string | null;
  assetClass: AssetClassAllocation;
  regions: RegionAllocation;
  sectors: SectorAllocation;
  expenseRatioPct: number | null;
  priceUsd: number | null;
  priceSource: string | null;
  priceAsOf: string | null;
  /** `reference`, `heuristic`, `llm:<model>`, or null while unclassified. */
  classificationSource: string | null;
  classificationNote: string | null;
  updatedAt: string;
}

export interface Classification {
  symbol: string;
  name: string;
  instrumentType: string;
  assetClass: AssetClassAllocation;
  regions: RegionAllocation;
  sectors: SectorAllocation;
  classificationSource: string;
  note?: string | null;
}

export interface PriceUpdate {
  symbol: string;
  priceUsd: number;
  source: string;
  asOf: string;
}

export function createInstrumentRepository(db: Kysely<Database>) {
  return {
    async get(symbols: readonly string[]): Promise<Instrument[]> {
      if (symbols.length === 0) return [];
      const rows = await db
        .selectFrom('instruments')
        .selectAll()
        .where('symbol', 'in', [...symbols])
        .execute();
      return rows.map(toInstrument);
    },

    async list(): Promise<Instrument[]> {
      const rows = await db.selectFrom('instruments').selectAll().orderBy('symbol').execute();
      return rows.map(toInstrument);
    },

    /** Load the shipped reference set: classification from fund documents, seed prices flagged `seed`. */
    async upsertReference(reference: readonly ReferenceInstrument[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const item of reference) {
          const values = {
            symbol: item.symbol,
            name: item.name,
            instrument_type: item.instrumentType,
            allocation_asset_class: jsonText(item.assetClass),
            allocation_regions: jsonText(item.regions),
            allocation_sectors: jsonText(item.sectors),
            expense_ratio_pct: item.expenseRatioPct,
            classification_source: 'reference',
            classification_note: item.source,
          };
          const seed = item.seedPrice
            ? {
                current_price: item.seedPrice.priceUsd,
                price_source: 'seed',
                price_as_of: item.seedPrice.asOf,
              }
            : {};
          await trx
            .insertInto('instruments')
            .values({ ...values, ...seed })
            .onConflict((conflict) =>
              conflict.column('symbol').doUpdateSet({ ...values, updated_at: new Date() }),
            )
            .execute();
        }
      });
    },

    /** Store classifications (from the reference set, rules or a model) in one transaction. */
    async saveClassifications(classifications: readonly Classification[]): Promise<void> {
      if (classifications.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const item of classifications) {
          const values = {
            name: item.name,
            instrument_type: item.instrumentType,
            allocation_asset_class: jsonText(item.assetClass),
            allocation_regions: jsonText(item.regions),
            allocation_sectors: jsonText(item.sectors),
            classification_source: item.classificationSource,
            classification_note: item.note ?? null,
          };
          await trx
            .insertInto('instruments')
            .values({ symbol: item.symbol, ...values })
            .onConflict((conflict) =>
              conflict.column('symbol').doUpdateSet({ ...values, updated_at: new Date() }),
            )
            .execute();
        }
      });
    },

    /** Store fresh prices; symbols without a new price keep their last one. */
    async savePrices(updates: readonly PriceUpdate[]): Promise<void> {
      if (updates.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const update of updates) {
          await trx
            .updateTable('instruments')
            .set({
              current_price: update.priceUsd,
              price_source: update.source,
              price_as_of: update.asOf,
              updated_at: new Date(),
            })
            .where('symbol', '=', update.symbol)
            .execute();
        }
      });
    },

    /** Backs the market module's StoredPriceReader. */
    async storedPrices(symbols: string[]) {
      const instruments = await this.get(symbols);
      return instruments.map((instrument) => ({
        symbol: instrument.symbol,
        priceUsd: instrument.priceUsd,
        priceSource: instrument.priceSource,
        priceAsOf: instrument.priceAsOf,
      }));
    },
  };
}

export type InstrumentRepository = ReturnType<typeof createInstrumentRepository>;

const expenseSchema = z.number().nullable();

function toInstrument(row: InstrumentRow): Instrument {
  return {
    symbol: row.symbol,
    name: row.name,
    instrumentType: row.instrument_type,
    assetClass: jsonFrom(
      row.allocation_asset_class,
      assetClassAllocationSchema,
      `${row.symbol}.allocation_asset_class`,
    ),
    regions: jsonFrom(
      row.allocation_regions,
      regionAllocationSchema,
      `${row.symbol}.allocation_regions`,
    ),
    sectors: jsonFrom(
      row.allocation_sectors,
      sectorAllocationSchema,
      `${row.symbol}.allocation_sectors`,
    ),
    expenseRatioPct: expenseSchema.parse(optionalNumberFrom(row.expense_ratio_pct)),
    priceUsd: optionalNumberFrom(row.current_price),
    priceSource: row.price_source,
    priceAsOf: optionalIsoFrom(row.price_as_of),
    classificationSource: row.classification_source,
    classificationNote: row.classification_note,
    updatedAt: isoFrom(row.updated_at),
  };
}
