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
import {
  choleskyFactor,
  DEFAULT_CAPITAL_MARKET_ASSUMPTIONS,
  logNormalParameters,
  RETURN_FACTORS,
  type SimulationOptions,
} from '../src/core/index.ts';
import { parseJson } from '../src/parse-json.ts';

const RUNS = 15;
const cTimingSchema = z.object({ ms: z.number().positive(), checksum: z.number() });

/** The program's arguments for a plan: per factor its log mean, weight and loadings. */
function planArguments(options: SimulationOptions): string[] {
  const assumptions = DEFAULT_CAPITAL_MARKET_ASSUMPTIONS;
  const size = RETURN_FACTORS.length;
  const cholesky = choleskyFactor(assumptions.correlation);
  const keep = 1 - (options.annualFeeRate ?? 0);
  const cash = options.allocation.cash ?? 0;
  const inflationAt = RETURN_FACTORS.indexOf('inflation');
  let factors = 1;
  RETURN_FACTORS.forEach((factor, index) => {
    const used = factor === 'inflation' ? cash > 0 : (options.allocation[factor] ?? 0) > 0;
    if (used) factors = index + 1;
  });
  const values: number[] = [options.simulations, RUNS, factors];
  for (let factor = 0; factor < factors; factor++) {
    const name = RETURN_FACTORS[factor]!;
    const moments =
      name === 'inflation'
        ? { meanReturn: options.inflationRate, volatility: assumptions.inflation.volatility }
        : assumptions.assets[name];
    const { logMean, logSd } = logNormalParameters(moments);
    values.push(logMean, name === 'inflation' ? 0 : keep * (options.allocation[name] ?? 0));
    for (let k = 0; k < factors; k++) {
      values.push(k <= factor ? logSd * cholesky[factor * size + k]! : 0);
    }
  }
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
