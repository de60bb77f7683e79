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

const fundSchema = z
  .object({
    symbol: symbolSchema,
    as_of: z.iso.date(),
    source: z.string().min(1),
    coverage: z.literal('top_ten'),
    top_ten_pct: z.number().positive().max(100),
    holdings: z
      .array(
        z
          .object({
            name: z.string().min(1),
            symbol: symbolSchema.nullable(),
            kind: z.enum(['company', 'fund']),
            weight_pct: z.number().positive().max(100),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .refine(
    (fund) =>
      Math.abs(
        fund.holdings.reduce((sum, holding) => sum + holding.weight_pct, 0) - fund.top_ten_pct,
      ) <= TOP_TEN_TOLERANCE_PCT,
    { message: `holdings must add up to top_ten_pct (± ${TOP_TEN_TOLERANCE_PCT})` },
  );

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
