import { z } from 'zod';

// Allowed keys of the allocation maps, as in the original system (DESIGN.md "Data model").
export const ASSET_CLASSES = [
  'equity',
  'fixed_income',
  'real_estate',
  'commodities',
  'cash',
  'alternatives',
] as const;
export const REGIONS = [
  'north_america',
  'europe',
  'asia',
  'latin_america',
  'africa',
  'middle_east',
  'oceania',
  'global',
  'international',
] as const;
export const SECTORS = [
  'technology',
  'healthcare',
  'financials',
  'consumer_discretionary',
  'consumer_staples',
  'industrials',
  'energy',
  'materials',
  'utilities',
  'real_estate',
  'communication',
  'treasury',
  'corporate',
  'mortgage',
  'government_related',
  'commodities',
  'diversified',
  'other',
] as const;
export const INSTRUMENT_TYPES = [
  'etf',
  'mutual_fund',
  'stock',
  'bond',
  'bond_fund',
  'commodity',
  'reit',
  'money_market',
  'other',
] as const;

export type AssetClass = (typeof ASSET_CLASSES)[number];
export type Region = (typeof REGIONS)[number];
export type Sector = (typeof SECTORS)[number];
export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];

/** Each allocation group must sum to 100 within this tolerance (percentage points). */
export const ALLOCATION_SUM_TOLERANCE_PCT = 0.05;

const percent = z.number().min(0).max(100);

export const assetClassAllocationSchema = z.partialRecord(z.enum(ASSET_CLASSES), percent);
export const regionAllocationSchema = z.partialRecord(z.enum(REGIONS), percent);
export const sectorAllocationSchema = z.partialRecord(z.enum(SECTORS), percent);

/** Targets a person sets: none at all, or shares that add up to 100 (within the tolerance). */
function addUpTo100(map: Partial<Record<string, number>>, context: z.RefinementCtx): void {
  const shares = Object.values(map).filter((share) => share !== undefined);
  if (shares.length === 0) return;
  const total = shares.reduce((sum, share) => sum + share, 0);
  if (Math.abs(total - 100) > ALLOCATION_SUM_TOLERANCE_PCT) {
    context.addIssue({
      code: 'custom',
      message: `must add up to 100 (these add up to ${Math.round(total * 100) / 100})`,
    });
  }
}

export const assetClassTargetsSchema = assetClassAllocationSchema.superRefine(addUpTo100);
export const regionTargetsSchema = regionAllocationSchema.superRefine(addUpTo100);

/** Percent map (0–100) keyed by an allowed key. */
export type AllocationMap<Key extends string> = Partial<Record<Key, number>>;
export type AssetClassAllocation = AllocationMap<AssetClass>;
export type RegionAllocation = AllocationMap<Region>;
export type SectorAllocation = AllocationMap<Sector>;

/** `BRK.B`, `VTI`, `BF-B`: upper-case letters and digits, optionally a class suffix. */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{0,5}([.-][A-Z0-9]{1,2})?$/;

export const symbolSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(
    z
      .string()
      .regex(
        SYMBOL_PATTERN,
        'must be a ticker such as VTI or BRK.B (letters and digits, up to 6, optional .X class)',
      ),
  );
