// The C limit of issue 13 §3 ("60/40 at least 36 M path-years/s, half the C limit"): the same
// path simulation in C (c-reference/monte-carlo.c), compiled here with the machine's C compiler
// and timed on the same plans, so the engine's speed can be stated as a fraction of it on any
// machine. Without a C compiler the figure is reported as unavailable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RETURN_FACTORS, type SimulationOptions } from '../src/core/index.ts';
import { parseJson } from '../src/parse-json.ts';
import { referenceFactors } from './reference-engine.ts';

const RUNS = 15;
const cTimingSchema = z.object({ ms: z.number().positive(), checksum: z.number() });

/** The program's arguments for a plan: per factor its log mean, weight and loadings. */
function planArguments(options: SimulationOptions): string[] {
  const { factorCount, logMeans, loadings } = referenceFactors(options);
  const keep = 1 - (options.annualFeeRate ?? 0);
  const cash = options.allocation.cash ?? 0;
  const values: number[] = [options.simulations, RUNS, factorCount];
  for (let factor = 0; factor < factorCount; factor++) {
    const name = RETURN_FACTORS[factor]!;
    const weight = name === 'inflation' ? 0 : keep * (options.allocation[name] ?? 0);
    values.push(logMeans[factor]!, weight, ...loadings[factor]!);
  }
  const inflationAt = RETURN_FACTORS.indexOf('inflation');
  values.push(keep * cash * (1 + (options.cashInterestRate ?? 0)), cash > 0 ? inflationAt : -1);
  // 17 significant digits carry every double exactly.
  return values.map((value) => (Number.isInteger(value) ? String(value) : value.toPrecision(17)));
}

/**
 * Compiles the C program and runs `use` with a timer of it (median CPU ms per run of a plan),
 * or returns why it could not be built. The plan must be the benchmark's (60 years, 30 saving,
 * constant-dollar 4% at year start, $250,000 and $15,000 a year).
 */
export function withCReference<T>(
  use: (timeMs: (options: SimulationOptions) => number, compiler: string) => T,
): { result: T } | { unavailable: string } {
  const source = fileURLToPath(new URL('./c-reference/monte-carlo.c', import.meta.url));
  const directory = mkdtempSync(join(tmpdir(), 'alex-c-reference-'));
  try {
    const binary = join(directory, 'monte-carlo');
    const compiler = process.env.CC ?? 'cc';
    try {
      execFileSync(compiler, ['-O2', '-o', binary, source, '-lm'], { stdio: 'pipe' });
    } catch (error) {
      return { unavailable: `no C compiler built it (${compiler}: ${String(error)})` };
    }
    const version = execFileSync(compiler, ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
    const timeMs = (options: SimulationOptions) =>
      parseJson(
        execFileSync(binary, planArguments(options), { encoding: 'utf8' }),
        cTimingSchema,
        'C reference timing',
      ).ms;
    return { result: use(timeMs, `${version}, -O2`) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
