import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  ALLOCATION_SUM_TOLERANCE_PCT,
  INSTRUMENT_TYPES,
  assetClassAllocationSchema,
  regionAllocationSchema,
  sectorAllocationSchema,
  symbolSchema,
} from '../../contracts/allocation.ts';
import type {
  AssetClassAllocation,
  InstrumentType,
  RegionAllocation,
  SectorAllocation,
} from '../../contracts/allocation.ts';
import { sumsToHundred } from '../../core/index.ts';
import { parseJson } from '../../parse-json.ts';

/** The shipped file; see data/README.md for where its figures come from and their limits. */
export const REFERENCE_INSTRUMENTS_FILE = new URL(
  '../../../data/reference-instruments.json',
  import.meta.url,
);

/** A real closing price shipped with the data, shown to users as seed data with its date. */
export interface SeedPrice {
  priceUsd: number;
  /** Trading day of the close, `YYYY-MM-DD`. */
  asOf: string;
  /** Where the closing price was published. */
  source: string;
}

/** A known instrument with its published composition, used by the Tagger before any model. */
export interface ReferenceInstrument {
  symbol: string;
  name: string;
  instrumentType: InstrumentType;
  assetClass: AssetClassAllocation;
  regions: RegionAllocation;
  sectors: SectorAllocation;
  /** Annual fund expense ratio in percent (0.03 = 0.03 %); null for stocks and unconfirmed figures. */
  expenseRatioPct: number | null;
  /** The documents and as-of dates behind the allocation figures. */
  source: string;
  /** Null when no closing price could be established: the position is then reported unpriced. */
  seedPrice: SeedPrice | null;
}

// Checked only when the keys themselves are valid, so a misspelt key is reported once, not also
// as a wrong total.
const sumsToHundredCheck = {
  message: `percentages must sum to 100 (± ${ALLOCATION_SUM_TOLERANCE_PCT})`,
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};

const seedPriceFileSchema = z
  .object({
    price_usd: z.number().positive(),
    as_of: z.iso.date(),
    source: z.string().min(1),
  })
  .strict();

// Our own shipped file, so the schema is strict: an unknown key is a typo, not a vendor extension.
const referenceInstrumentFileSchema = z
  .object({
    symbol: symbolSchema,
    name: z.string().min(1),
    instrument_type: z.enum(INSTRUMENT_TYPES),
    allocation_asset_class: assetClassAllocationSchema.refine(sumsToHundred, sumsToHundredCheck),
    allocation_regions: regionAllocationSchema.refine(sumsToHundred, sumsToHundredCheck),
    allocation_sectors: sectorAllocationSchema.refine(sumsToHundred, sumsToHundredCheck),
    expense_ratio_pct: z.number().min(0).max(5).nullable(),
    source: z.string().min(1),
    seed_price: seedPriceFileSchema.nullable(),
  })
  .strict();

export const referenceInstrumentsFileSchema = z
  .array(referenceInstrumentFileSchema)
  .superRefine((instruments, context) => {
    const seen = new Set<string>();
    instruments.forEach((instrument, index) => {
      if (seen.has(instrument.symbol)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'symbol'],
          message: `duplicate symbol ${instrument.symbol}`,
        });
      }
      seen.add(instrument.symbol);
    });
  });

type ReferenceInstrumentFileEntry = z.infer<typeof referenceInstrumentFileSchema>;

function toReferenceInstrument(entry: ReferenceInstrumentFileEntry): ReferenceInstrument {
  return {
    symbol: entry.symbol,
    name: entry.name,
    instrumentType: entry.instrument_type,
    assetClass: entry.allocation_asset_class,
    regions: entry.allocation_regions,
    sectors: entry.allocation_sectors,
    expenseRatioPct: entry.expense_ratio_pct,
    source: entry.source,
    seedPrice:
      entry.seed_price === null
        ? null
        : {
            priceUsd: entry.seed_price.price_usd,
            asOf: entry.seed_price.as_of,
            source: entry.seed_price.source,
          },
  };
}

/** Validate reference-instrument JSON text (the shipped file's format) and map it to camelCase. */
export function parseReferenceInstruments(
  text: string,
  what = 'reference-instruments',
): ReferenceInstrument[] {
  return parseJson(text, referenceInstrumentsFileSchema, what).map(toReferenceInstrument);
}

/** Read and validate data/reference-instruments.json; throws InputError naming each bad field. */
export function loadReferenceInstruments(): ReferenceInstrument[] {
  const text = readFileSync(REFERENCE_INSTRUMENTS_FILE, 'utf8');
  return parseReferenceInstruments(text, 'data/reference-instruments.json');
}
