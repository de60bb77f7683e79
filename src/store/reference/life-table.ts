// Reads the shipped SSA period life table: "Period Life Table, 2023, as used in the 2026 Trustees
// Report" (https://www.ssa.gov/oact/STATS/table4c6.html). Columns as SSA prints them, by exact
// age 0-119: probability of dying within one year (q), number of lives of 100,000 born alive (l),
// life expectancy (e), for men and for women. data/README.md says where the copy was read and
// how it was checked.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PeriodLifeTable } from '../../core/index.ts';
import { InputError } from '../../errors.ts';
import { parseWith } from '../../parse-json.ts';

export const LIFE_TABLE_PATH = new URL(
  '../../../data/ssa-period-life-table-2023.csv',
  import.meta.url,
);

export const LIFE_TABLE_SOURCE =
  'SSA Office of the Chief Actuary, Actuarial Life Table (https://www.ssa.gov/oact/STATS/table4c6.html): ' +
  'Period Life Table, 2023, as used in the 2026 Trustees Report';

const EXPECTED_HEADER = 'age,male_qx,male_lx,male_ex,female_qx,female_lx,female_ex';
const LAST_AGE = 119;

const probability = z.number().min(0).max(1);
const lives = z.number().int().min(0).max(100_000);
const years = z.number().min(0).max(120);
const lifeTableRowSchema = z
  .object({
    age: z.number().int().min(0).max(LAST_AGE),
    maleQx: probability,
    maleLx: lives,
    maleEx: years,
    femaleQx: probability,
    femaleLx: lives,
    femaleEx: years,
  })
  .strict();
export type LifeTableRow = z.infer<typeof lifeTableRowSchema>;

/** Parses the CSV text: every row validated, ages 0 to 119 in order, nothing missing. */
export function parseLifeTable(text: string, what = 'life table'): LifeTableRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== EXPECTED_HEADER) {
    throw InputError.field(`${what}.header`, `must be "${EXPECTED_HEADER}"`);
  }
  const rows = lines.slice(1).map((line, index) => {
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== 7) throw InputError.field(`${what}.${index + 1}`, 'must have 7 columns');
    const [age, maleQx, maleLx, maleEx, femaleQx, femaleLx, femaleEx] = cells.map(Number);
    const row = { age, maleQx, maleLx, maleEx, femaleQx, femaleLx, femaleEx };
    return parseWith(lifeTableRowSchema, row, `${what}.${index + 1}`);
  });
  rows.forEach((row, index) => {
    if (row.age !== index) throw InputError.field(`${what}.${index + 1}.age`, `must be ${index}`);
  });
  if (rows.length !== LAST_AGE + 1) {
    throw InputError.field(what, `must have ages 0 to ${LAST_AGE} (has ${rows.length} rows)`);
  }
  return rows;
}

/** The rows the engine reads: death probabilities by age, with the table's identity. */
export function toPeriodLifeTable(rows: readonly LifeTableRow[]): PeriodLifeTable {
  return {
    periodYear: 2023,
    trusteesReportYear: 2026,
    source: LIFE_TABLE_SOURCE,
    maleQx: rows.map((row) => row.maleQx),
    femaleQx: rows.map((row) => row.femaleQx),
  };
}

/** Reads and validates data/ssa-period-life-table-2023.csv, every column as printed. */
export function loadLifeTableRows(path: URL | string = LIFE_TABLE_PATH): LifeTableRow[] {
  return parseLifeTable(readFileSync(path, 'utf8'), 'ssa-period-life-table-2023');
}

let cached: PeriodLifeTable | undefined;

/** The shipped table, read once per process (it never changes while running). */
export function loadLifeTable(): PeriodLifeTable {
  cached ??= toPeriodLifeTable(loadLifeTableRows());
  return cached;
}
