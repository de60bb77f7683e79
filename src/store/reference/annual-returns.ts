// Reads the shipped US annual returns, 1928-2025. Source: Aswath Damodaran, "Historical Returns
// on Stocks, Bonds and Bills: 1928-2025", NYU Stern School of Business, January 2026 edition
// (pages.stern.nyu.edu/~adamodar). Columns are decimals: S&P 500 total return, 10-year Treasury
// bond return, 3-month T-bill return and CPI inflation.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AnnualReturnRow } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';

export const ANNUAL_RETURNS_PATH = new URL(
  '../../../data/us-annual-returns-1928-2025.csv',
  import.meta.url,
);

export const ANNUAL_RETURNS_SOURCE =
  'Aswath Damodaran, "Historical Returns on Stocks, Bonds and Bills: 1928-2025", NYU Stern, January 2026';

const EXPECTED_HEADER = 'year,sp500,tbond10,tbill,cpi';

// Plausibility bounds, wide enough for 1931 (S&P 500 −44%) and 1946-47 inflation (+18%), but
// catching percent-versus-fraction mix-ups.
const annualReturn = z.number().min(-0.9).max(2);
const annualReturnRowSchema = z
  .object({
    year: z.number().int().min(1800).max(2200),
    sp500: annualReturn,
    tbond10: annualReturn,
    tbill: annualReturn,
    cpi: annualReturn,
  })
  .strict();

/** Parses the CSV text; every row is validated and years must be consecutive. */
export function parseAnnualReturns(text: string, what = 'annual returns'): AnnualReturnRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== EXPECTED_HEADER) {
    throw InputError.field(`${what}.header`, `must be "${EXPECTED_HEADER}"`);
  }
  const rows = lines.slice(1).map((line, index) => {
    const [year, sp500, tbond10, tbill, cpi, ...extra] = line.split(',').map((cell) => cell.trim());
    if (extra.length > 0) throw InputError.field(`${what}.${index + 1}`, 'has more than 5 columns');
    const row = {
      year: Number(year),
      sp500: Number(sp500),
      tbond10: Number(tbond10),
      tbill: Number(tbill),
      cpi: Number(cpi),
    };
    return parseWith(annualReturnRowSchema, row, `${what}.${index + 1}`);
  });
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    if (previous && row.year !== previous.year + 1) {
      throw InputError.field(`${what}.${index + 1}.year`, `must follow ${previous.year}`);
    }
  });
  return rows;
}

/** Reads and validates data/us-annual-returns-1928-2025.csv. */
export function loadAnnualReturns(path: URL | string = ANNUAL_RETURNS_PATH): AnnualReturnRow[] {
  return parseAnnualReturns(readFileSync(path, 'utf8'), 'us-annual-returns');
}
