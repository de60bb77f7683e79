import { z } from 'zod';
import {
  ASSET_CLASSES,
  INSTRUMENT_TYPES,
  REGIONS,
  SECTORS,
  assetClassAllocationSchema,
  regionAllocationSchema,
  sectorAllocationSchema,
  symbolSchema,
} from '../../contracts/allocation.ts';
import { allocationSumProblems } from '../../core/index.ts';
import type {
  AssetClassAllocation,
  InstrumentType,
  RegionAllocation,
  SectorAllocation,
} from '../../contracts/allocation.ts';

// Most instruments one tagger run accepts. A portfolio rarely holds more than a few dozen
// distinct symbols; the cap keeps one run's model calls (one per batch) bounded.
export const MAX_INSTRUMENTS_PER_RUN = 200;

/**
 * A known instrument's composition, as the caller loaded it from the reference data
 * (`src/store/reference`). Only the fields the tagger reads; the loader's entries fit as they are.
 */
export interface ReferenceClassification {
  symbol: string;
  name: string;
  instrumentType: InstrumentType;
  assetClass: AssetClassAllocation;
  regions: RegionAllocation;
  sectors: SectorAllocation;
}

export const referenceClassificationSchema = z
  .object({
    symbol: symbolSchema,
    name: z.string().min(1),
    instrumentType: z.enum(INSTRUMENT_TYPES),
    assetClass: assetClassAllocationSchema,
    regions: regionAllocationSchema,
    sectors: sectorAllocationSchema,
  })
  .loose()
  .superRefine((entry, context) => {
    const groups = { assetClass: entry.assetClass, regions: entry.regions, sectors: entry.sectors };
    for (const problem of allocationSumProblems(groups, entry.symbol)) {
      context.addIssue({ code: 'custom', message: problem });
    }
  });

const requestedInstrumentSchema = z
  .object({
    symbol: symbolSchema,
    /** The name from the instruments table or the price source, when known. */
    name: z.string().trim().min(1).max(200).optional(),
    /** A type hint in any vocabulary (`etf`, Polygon's `CS`, `mutual fund`…). */
    instrumentType: z.string().trim().min(1).max(40).optional(),
  })
  .strict();
export type RequestedInstrument = z.infer<typeof requestedInstrumentSchema>;

export const taggerInputSchema = z
  .object({
    instruments: z.array(requestedInstrumentSchema).min(1).max(MAX_INSTRUMENTS_PER_RUN),
  })
  .strict()
  .superRefine((input, context) => {
    const seen = new Set<string>();
    input.instruments.forEach((instrument, index) => {
      if (seen.has(instrument.symbol)) {
        context.addIssue({
          code: 'custom',
          path: ['instruments', index, 'symbol'],
          message: `${instrument.symbol} is requested twice`,
        });
      }
      seen.add(instrument.symbol);
    });
  });
export type TaggerInput = z.infer<typeof taggerInputSchema>;

// What the model fills. Allocations are lists of {key, percent} rather than maps: every
// provider's structured-output mode accepts a list of closed-enum entries, while maps with
// optional keys are rejected by strict JSON-schema modes. Code turns them into maps.
function allocationEntriesSchema<const Keys extends readonly [string, ...string[]]>(
  keys: Keys,
  group: string,
) {
  return z
    .array(
      z
        .object({
          key: z.enum(keys).describe(`One ${group} key from the allowed list.`),
          percent: z
            .number()
            .min(0)
            .max(100)
            .describe(`Share of the instrument in this ${group}, in percent (0-100).`),
        })
        .strict(),
    )
    .min(1)
    .describe(`The instrument's ${group} split; each key at most once; percents sum to 100.`);
}

export const modelClassificationSchema = z
  .object({
    symbol: z.string().describe('The symbol exactly as it was given in the request.'),
    name: z
      .string()
      .max(200)
      .describe('The name as given; if none was given, the name you know, else the symbol.'),
    instrument_type: z.enum(INSTRUMENT_TYPES).describe('The kind of instrument.'),
    asset_class: allocationEntriesSchema(ASSET_CLASSES, 'asset class'),
    regions: allocationEntriesSchema(REGIONS, 'region'),
    sectors: allocationEntriesSchema(SECTORS, 'sector'),
    confidence: z
      .enum(['high', 'medium', 'low'])
      .describe('high: you know this instrument; medium: inferred from its name; low: a guess.'),
    note: z
      .string()
      .max(300)
      .describe('Empty, or one short sentence on what is uncertain about this classification.'),
  })
  .strict();
export type ModelClassification = z.infer<typeof modelClassificationSchema>;

export const modelBatchSchema = z
  .object({
    instruments: z
      .array(modelClassificationSchema)
      .describe('One classification per requested symbol, in the order requested.'),
  })
  .strict();
export type ModelBatch = z.infer<typeof modelBatchSchema>;

export const CLASSIFICATION_CONFIDENCES = ['high', 'medium', 'low'] as const;
export type ClassificationConfidence = (typeof CLASSIFICATION_CONFIDENCES)[number];

/** `reference` (shipped data), `heuristic` (offline name rules) or `llm:<provider:model>`. */
export const classificationSourceSchema = z.union([
  z.literal('reference'),
  z.literal('heuristic'),
  z.templateLiteral(['llm:', z.string().min(1)]),
]);
export type ClassificationSource = z.infer<typeof classificationSourceSchema>;

// No price field, and strict: a classification that carries a price (or anything else) is
// rejected rather than stored.
export const instrumentClassificationSchema = z
  .object({
    symbol: symbolSchema,
    name: z.string().min(1),
    instrument_type: z.enum(INSTRUMENT_TYPES),
    allocation_asset_class: assetClassAllocationSchema,
    allocation_regions: regionAllocationSchema,
    allocation_sectors: sectorAllocationSchema,
    classification_source: classificationSourceSchema,
    confidence: z.enum(CLASSIFICATION_CONFIDENCES),
    note: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((classification, context) => {
    // An empty group is unknown (the offline rules leave unclassified what a name does not
    // state); a group with entries must add up.
    const groups = Object.entries({
      assetClass: classification.allocation_asset_class,
      regions: classification.allocation_regions,
      sectors: classification.allocation_sectors,
    }).filter(([, allocation]) => Object.keys(allocation).length > 0);
    const problems = allocationSumProblems(Object.fromEntries(groups), classification.symbol);
    for (const problem of problems) context.addIssue({ code: 'custom', message: problem });
  });
export type InstrumentClassification = z.infer<typeof instrumentClassificationSchema>;

/** One classification per requested symbol, in request order; also `alex tag --json`. */
export const taggerOutputSchema = z.array(instrumentClassificationSchema);
export type TaggerOutput = InstrumentClassification[];
