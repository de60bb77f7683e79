import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { registerSimulateCommand } from '../../src/entry/cli/commands/simulate.ts';
import type { CommandContext } from '../../src/entry/cli/context.ts';
import { InputError } from '../../src/errors.ts';
import { parseJson } from '../../src/parse-json.ts';

const percentiles = z.object({
  p5: z.number(),
  p10: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number(),
});
const outputSchema = z
  .object({
    model: z.string(),
    success_probability: z.number().min(0).max(100),
    simulations: z.number().int().optional(),
    periods: z.number().int().optional(),
    percentiles_at_retirement: percentiles,
    mean_at_retirement: z.number(),
    percentiles_at_end: percentiles,
    sustainable_withdrawal_rate: z.number(),
    sustainable_spending: z.number(),
    series: z.array(percentiles.extend({ year_offset: z.number().int() }).loose()),
    levers: z.array(z.object({ lever: z.string(), success_probability: z.number() }).loose()),
  })
  .loose();

/** simulate needs no database: a context whose services must never be asked for. */
const noServices: CommandContext = {
  config: () => {
    throw new Error('simulate must not load configuration');
  },
  services: () => Promise.reject(new Error('simulate must not open the database')),
  close: () => Promise.resolve(),
};

async function runInProcess(args: string[]): Promise<string> {
  const program = new Command('alex').exitOverride();
  registerSimulateCommand(program, noServices);
  let output = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'alex', 'simulate', ...args]);
  } finally {
    write.mockRestore();
  }
  return output;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('alex simulate (in process, through commander)', () => {
  it('prints the JSON keys of a lognormal run, reproducibly for a seed', async () => {
    const args = [
      '--json',
      '--balance',
      '500000',
      '--years-to-retirement',
      '10',
      '--contribution',
      '20000',
      '--spending',
      '40000',
      '--simulations',
      '2000',
      '--seed',
      '9',
    ];
    const first = parseJson(await runInProcess(args), outputSchema, 'simulate output');
    const second = parseJson(await runInProcess(args), outputSchema, 'simulate output');
    expect(second).toEqual(first);
    expect(first.simulations).toBe(2000);
    expect(first.series).toHaveLength(41);
    expect(first.percentiles_at_retirement.p50).toBeGreaterThan(500_000);
    expect(first.levers.map((lever) => lever.lever)).toEqual([
      'save_more',
      'retire_later',
      'spend_less',
      'more_conservative',
      'more_aggressive',
    ]);
  });

  it('reproduces the historical SAFEMAX of a 50/50 portfolio', async () => {
    const output = parseJson(
      await runInProcess([
        '--json',
        '--balance',
        '1000000',
        '--model',
        'historical',
        '--allocation',
        'equity=0.5,fixed_income=0.5',
        '--target-success',
        '1',
        '--no-levers',
      ]),
      outputSchema,
      'simulate output',
    );
    expect(output.periods).toBe(69);
    expect(output.sustainable_withdrawal_rate).toBeCloseTo(0.03667, 4);
    expect(output.sustainable_spending).toBeCloseTo(36_669.7, 1);
    expect(output.levers).toEqual([]);
    expect(JSON.stringify(output['assumptions'])).toContain('Aswath Damodaran');
  });

  it('prints a table and a text fan chart without --json', async () => {
    const text = await runInProcess([
      '--balance',
      '300000',
      '--years-to-retirement',
      '5',
      '--current-age',
      '60',
      '--simulations',
      '500',
      '--no-levers',
    ]);
    expect(text).toContain('Success probability:');
    expect(text).toContain('Wealth fan');
    expect(text).toMatch(/age 65\* /);
  });

  it('rejects bad flags with an InputError naming the flag and the rule', async () => {
    await expect(runInProcess(['--balance', '-5'])).rejects.toThrow(
      '--balance: must be a number from 0 to 1,000,000,000',
    );
    await expect(
      runInProcess(['--balance', '1000', '--spending', '10', '--withdrawal-rate', '0.04']),
    ).rejects.toThrow(InputError);
    await expect(
      runInProcess(['--balance', '1000', '--allocation', 'equity=0.7,fixed_income=0.4']),
    ).rejects.toThrow('--allocation: fractions must sum to 1');
    await expect(
      runInProcess(['--balance', '1000', '--model', 'historical', '--allocation', 'real_estate=1']),
    ).rejects.toThrow('--allocation: historical data has no real_estate series');
    await expect(runInProcess(['--balance', '1000', '--return-mean', '0.07'])).rejects.toThrow(
      '--return-mean: needs --return-volatility',
    );
    await expect(runInProcess(['--balance', '1000', '--model', 'monte'])).rejects.toThrow(
      /--model/,
    );
  });
});

describe('simulate numbers: decimal text inside each flag’s range', () => {
  it('refuses a balance too large to give finite figures', async () => {
    await expect(runInProcess(['--balance', '1e308'])).rejects.toThrow(
      '--balance: must be a number from 0 to 1,000,000,000',
    );
    await expect(runInProcess(['--balance', '1000', '--spending', '1e15'])).rejects.toThrow(
      '--spending: must be a number from 0 to 1,000,000,000',
    );
  });

  it('refuses an empty value and hexadecimal rather than reading them as 0 and 16', async () => {
    await expect(runInProcess(['--balance', ''])).rejects.toThrow(
      '--balance: must be a number written in decimal (got "")',
    );
    await expect(runInProcess(['--balance', '1000', '--simulations', '0x10'])).rejects.toThrow(
      '--simulations: must be a number written in decimal (got "0x10")',
    );
    await expect(runInProcess(['--balance', 'Infinity'])).rejects.toThrow('--balance');
  });

  it('still reads plain and exponent notation', async () => {
    const output = parseJson(
      await runInProcess(['--json', '--balance', '2.5e5', '--simulations', '10', '--no-levers']),
      outputSchema,
      'simulate output',
    );
    expect(output.simulations).toBe(10);
  });
});

describe('node bin/alex.js simulate (child process)', () => {
  const bin = fileURLToPath(new URL('../../bin/alex.js', import.meta.url));
  const run = promisify(execFile);

  it('prints JSON with a single-asset return model', async () => {
    const { stdout } = await run(process.execPath, [
      bin,
      'simulate',
      '--json',
      '--balance',
      '1000000',
      '--return-mean',
      '0.06',
      '--return-volatility',
      '0',
      '--inflation',
      '0',
      '--retirement-years',
      '30',
      '--target-success',
      '1',
      '--simulations',
      '10',
      '--no-levers',
    ]);
    const output = parseJson(stdout, outputSchema, 'simulate output');
    // Zero volatility: the rate that lasts exactly 30 years at 6% is 1/ä₃₀ = 0.06 / (1.06 (1 − 1.06⁻³⁰)).
    expect(output.sustainable_withdrawal_rate).toBeCloseTo(0.06 / (1.06 * (1 - 1.06 ** -30)), 10);
    expect(output.success_probability).toBe(100);
  });

  it('exits 2 with one line naming the flag on bad input', async () => {
    const failure = await run(process.execPath, [bin, 'simulate', '--balance', 'lots']).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toContain('--balance');
  });
});
