import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { symbolSchema } from '../../contracts/allocation.ts';
import type { FundHoldings } from '../../core/index.ts';
import { parseJson } from '../../parse-json.ts';

/** The shipped file; data/README.md says where each fund's figures come from. */
export const FUND_HOLDINGS_FILE = new URL('../../../data/fund-holdings.json', import.meta.url);

// Issuers round each weight to 0.1, so ten rounded weights may miss the issuer's own "top ten"
// line by up to 10 × 0.05; a bigger gap means a weight was mistyped.
const TOP_TEN_TOLERANCE_PCT = 0.5;

const holdingSchema = z
  .object({
    name: z.string().min(1),
    symbol: symbolSchema.nullable(),
    kind: z.enum(['company', 'fund']),
    weight_pct: z.number().positive().max(100),
  })
  .strict();

const fundSchema = z
  .object({
    symbol: symbolSchema,
    as_of: z.iso.date(),
    source: z.string().min(1),
    coverage: z.literal('top_ten'),
    // null when the document prints no top-ten total (a full holdings file lists every position
    // and no subtotal): the weights are then checked only for order, uniqueness and their sum.
    top_ten_pct: z.number().positive().max(100).nullable(),
    holdings: z.array(holdingSchema).min(1),
  })
  .strict()
  .refine(
    (fund) =>
      fund.top_ten_pct === null ||
      Math.abs(sumOf(fund.holdings) - fund.top_ten_pct) <= TOP_TEN_TOLERANCE_PCT,
    { message: `holdings must add up to top_ten_pct (± ${TOP_TEN_TOLERANCE_PCT})` },
  )
  .refine((fund) => sumOf(fund.holdings) <= 100, {
    message: 'holdings must add up to at most 100% of the fund',
  })
  .refine(
    // The largest holdings, largest first: a row out of order was mistyped or is not a top one.
    (fund) =>
      fund.holdings.every(
        (holding, index) =>
          index === 0 || holding.weight_pct <= fund.holdings[index - 1]!.weight_pct,
      ),
    { message: 'holdings must be listed largest weight first' },
  )
  .refine(
    // One row per company: the look-through and the overlap key holdings by symbol.
    (fund) => {
      const symbols = fund.holdings.flatMap((holding) => (holding.symbol ? [holding.symbol] : []));
      return new Set(symbols).size === symbols.length;
    },
    { message: 'each symbol once per fund' },
  );

function sumOf(holdings: Array<{ weight_pct: number }>): number {
  return holdings.reduce((sum, holding) => sum + holding.weight_pct, 0);
}

export const fundHoldingsFileSchema = z
  .object({ _about: z.string(), funds: z.array(fundSchema) })
  .strict()
  .refine((file) => new Set(file.funds.map((fund) => fund.symbol)).size === file.funds.length, {
    message: 'each fund once',
  });

/** Validate holdings JSON text (the shipped file's format), keyed by fund symbol. */
export function parseFundHoldings(text: string, what = 'fund-holdings'): Map<string, FundHoldings> {
  const file = parseJson(text, fundHoldingsFileSchema, what);
  return new Map(
    file.funds.map((fund) => [
      fund.symbol,
      {
        asOf: fund.as_of,
        source: fund.source,
        holdings: fund.holdings.map((holding) => ({
          name: holding.name,
          symbol: holding.symbol,
          kind: holding.kind,
          weightPct: holding.weight_pct,
        })),
      },
    ]),
  );
}

let cached: Map<string, FundHoldings> | undefined;

/** Read and validate data/fund-holdings.json once per process. */
export function loadFundHoldings(): Map<string, FundHoldings> {
  cached ??= parseFundHoldings(readFileSync(FUND_HOLDINGS_FILE, 'utf8'), 'data/fund-holdings.json');
  return cached;
}
