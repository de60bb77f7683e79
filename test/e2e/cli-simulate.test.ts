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

  it('counts income streams given as flags, and offers claiming at 70 as a lever', async () => {
    const args = ['--balance', '600000', '--spending', '60000', '--current-age', '62'];
    const streams = [
      '--social-security',
      '67:2000/month',
      '--pension',
      '62:500/month',
      '--expense',
      '70:30000',
    ];
    const common = ['--json', '--simulations', '1000', '--seed', '3', ...args];
    const without = parseJson(await runInProcess(common), outputSchema, 'simulate output');
    const withStreams = parseJson(
      await runInProcess([...common, ...streams]),
      outputSchema,
      'simulate output',
    );
    expect(withStreams.success_probability).toBeGreaterThan(without.success_probability);
    expect(withStreams.sustainable_spending).toBeGreaterThan(without.sustainable_spending);
    const flows = (withStreams['assumptions'] as { cash_flows: Array<Record<string, unknown>> })
      .cash_flows;
    expect(
      flows.map((flow) => [flow['kind'], flow['annual_usd'], flow['inflation_indexed']]),
    ).toEqual([
      ['social_security', 24_000, true],
      ['pension', 6_000, false],
      ['expense', 30_000, true],
    ]);
    expect(withStreams.levers.map((lever) => lever.lever)).toContain('claim_social_security_later');
    const text = await runInProcess([...args, '--simulations', '500', ...streams]);
    expect(text).toContain('Social Security from age 67: $24,000 a year');
    expect(text).toContain('claim Social Security at 70 instead of 67');
  });

  it('refuses income streams without an age or with a variable strategy, naming the flag', async () => {
    await expect(runInProcess(['--balance', '1', '--social-security', '67:1000'])).rejects.toThrow(
      /--current-age: is required by --social-security/,
    );
    await expect(
      runInProcess([
        '--balance',
        '1',
        '--current-age',
        '60',
        '--strategy',
        'guardrails',
        '--pension',
        '65:1000',
      ]),
    ).rejects.toThrow(/--pension: applies to --strategy constant-dollar only/);
    await expect(
      runInProcess([
        '--balance',
        '1',
        '--current-age',
        '60',
        '--spouse-social-security',
        '67:1000',
      ]),
    ).rejects.toThrow(/--spouse-age: is required by --spouse-social-security/);
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

  it('reports the success rate with its standard error and 95% interval, and income metrics', async () => {
    const output = parseJson(
      await runInProcess([
        '--json',
        '--balance',
        '1000000',
        '--withdrawal-rate',
        '0.05',
        '--simulations',
        '4000',
        '--no-levers',
      ]),
      outputSchema.extend({
        success_standard_error: z.number(),
        success_interval_95: z.object({ low: z.number(), high: z.number() }).loose(),
        income: z
          .object({
            floor_fraction: z.number(),
            minimum: z.object({ p10: z.number(), p50: z.number(), p90: z.number() }),
            by_year: z.array(
              z.object({ p10: z.number(), p50: z.number(), p90: z.number() }).loose(),
            ),
          })
          .loose(),
      }),
      'simulate output',
    );
    const share = output.success_probability / 100;
    expect(output.success_standard_error).toBeCloseTo(
      Math.sqrt((share * (1 - share)) / 4000) * 100,
      2,
    );
    expect(output.success_interval_95.low).toBeLessThan(output.success_probability);
    expect(output.success_interval_95.high).toBeGreaterThan(output.success_probability);
    expect(output.income.floor_fraction).toBe(0.75);
    expect(output.income.by_year).toHaveLength(30);
    expect(output['sustainable_basis']).toBe('constant-dollar');

    const text = await runInProcess([
      '--balance',
      '1000000',
      '--withdrawal-rate',
      '0.05',
      '--simulations',
      '4000',
      '--no-levers',
    ]);
    const margin = ((1.959963984540054 * output.success_standard_error) / 1).toFixed(1);
    expect(text).toContain(
      `Success probability: ${output.success_probability.toFixed(1)}% ± ${margin} (`,
    );
    expect(text).toContain('Lowest spending along a path:');
  });

  it('says fixed nominal withdrawals are quoted on a fixed-nominal basis', async () => {
    const output = parseJson(
      await runInProcess([
        '--json',
        '--balance',
        '1000000',
        '--no-inflation-adjust',
        '--withdrawal-timing',
        'end',
        '--simulations',
        '500',
        '--no-levers',
      ]),
      outputSchema,
      'simulate output',
    );
    expect(output['sustainable_basis']).toBe('fixed-nominal');
    expect(output['sustainable_timing']).toBe('end');
  });

  it('states the overlapping windows of a historical run instead of a sampling error', async () => {
    const args = ['--balance', '1000000', '--model', 'historical', '--no-levers'];
    const output = parseJson(await runInProcess(['--json', ...args]), outputSchema, 'simulate');
    expect(output['success_standard_error']).toBeNull();
    expect(output['historical_windows']).toEqual({
      count: 69,
      years_each: 30,
      data_years: 98,
      overlapping: true,
      independent_periods: 3.3,
    });
    const text = await runInProcess(args);
    expect(text).toContain('over 69 overlapping 30-year historical windows');
    expect(text).toContain('98 years of data hold about 3.3 independent periods');
  });

  it('runs VPW and floor-and-ceiling, whose success means spending stayed above the floor', async () => {
    for (const strategy of ['vpw', 'floor-and-ceiling']) {
      const output = parseJson(
        await runInProcess([
          '--json',
          '--balance',
          '1000000',
          '--strategy',
          strategy,
          '--spending-floor',
          '0.8',
          '--simulations',
          '500',
        ]),
        outputSchema,
        'simulate output',
      );
      expect(output['success_definition']).toBe('above-floor');
      expect(JSON.stringify(output['income'])).toContain('"floor_fraction":0.8');
      expect(output.levers.some((lever) => lever.lever === 'spend_less')).toBe(strategy !== 'vpw');
    }
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
    await expect(
      runInProcess(['--balance', '1000', '--strategy', 'guardrails', '--no-inflation-adjust']),
    ).rejects.toThrow('--no-inflation-adjust: applies to --strategy constant-dollar only');
    await expect(
      runInProcess(['--balance', '1000', '--strategy', 'vpw', '--withdrawal-rate', '0.04']),
    ).rejects.toThrow('--withdrawal-rate: does not apply to --strategy vpw');
    await expect(runInProcess(['--balance', '1000', '--spending-floor', '1.5'])).rejects.toThrow(
      /--spending-floor/,
    );
    await expect(
      runInProcess(['--balance', '1000', '--withdrawal-timing', 'midyear']),
    ).rejects.toThrow(/--withdrawal-timing/);
  });
});

describe('alex simulate: real-terms returns, inflation, cash, fees and seeds', () => {
  const success = async (args: string[]) =>
    parseJson(
      await runInProcess(['--json', '--no-levers', '--balance', '1000000', ...args]),
      outputSchema,
      'simulate output',
    );

  it('60/40, 4%, 30 years, lognormal, 100,000 paths: near the real-moment 92%, not the nominal 95.9%', async () => {
    const output = await success(['--simulations', '100000']);
    // Binomial standard error at 100,000 paths is about 0.08 points.
    expect(output.success_probability).toBeGreaterThan(91.5);
    expect(output.success_probability).toBeLessThan(93);
    const assumptions = output['assumptions'] as Record<string, unknown>;
    expect(assumptions['returns']).toMatch(/^REAL/);
    expect(assumptions['inflation_rate']).toMatchObject({ mean: 0.031083, volatility: 0.038953 });
  });

  it('--inflation is the mean of the inflation process: real withdrawals do not move, nominal ones do', async () => {
    const low = await success(['--simulations', '2000', '--inflation', '0.01']);
    const high = await success(['--simulations', '2000', '--inflation', '0.06']);
    expect(high.success_probability).toBe(low.success_probability);
    const fixedLow = await success([
      '--simulations',
      '2000',
      '--inflation',
      '0.01',
      '--no-inflation-adjust',
    ]);
    const fixedHigh = await success([
      '--simulations',
      '2000',
      '--inflation',
      '0.06',
      '--no-inflation-adjust',
    ]);
    expect(fixedHigh.success_probability).toBeGreaterThan(fixedLow.success_probability);
  });

  it('fees reduce returns every year and are stated with the assumptions', async () => {
    const free = await success(['--simulations', '5000', '--withdrawal-rate', '0.05']);
    const charged = await success([
      '--simulations',
      '5000',
      '--withdrawal-rate',
      '0.05',
      '--expense-ratio',
      '0.01',
    ]);
    expect(charged.success_probability).toBeLessThan(free.success_probability - 2);
    const assumptions = charged['assumptions'] as Record<string, number>;
    expect(assumptions['annual_fee_rate']).toBe(0.01);
    expect(assumptions['expected_real_return']).toBeCloseTo(
      (1 + (free['assumptions'] as Record<string, number>)['expected_real_return']!) * 0.99 - 1,
      5,
    );
    const text = await runInProcess([
      '--balance',
      '1000000',
      '--simulations',
      '200',
      '--no-levers',
      '--expense-ratio',
      '0.00078',
    ]);
    expect(text).toContain('fees 0.078% a year');
  });

  it('cash earns its account rate (0% by default), not T-bill returns', async () => {
    const idle = await success(['--simulations', '2000', '--allocation', 'cash=1']);
    const paid = await success([
      '--simulations',
      '2000',
      '--allocation',
      'cash=1',
      '--cash-rate',
      '0.04',
    ]);
    const classes = (output: typeof idle) =>
      (
        output['assumptions'] as {
          real_return_assumptions: Record<string, { mean_return: number }>;
        }
      ).real_return_assumptions;
    expect(classes(idle)['cash']?.mean_return).toBeLessThan(-0.025);
    expect(classes(paid)['cash']?.mean_return).toBeGreaterThan(0.005);
    expect(paid.success_probability).toBeGreaterThan(idle.success_probability);
  });

  it('seeds above 2^32 are their own seeds; beyond 2^53 - 1 is refused naming the flag', async () => {
    const one = await success(['--simulations', '500', '--seed', '1']);
    const wrapped = await success(['--simulations', '500', '--seed', '4294967297']);
    expect(wrapped.percentiles_at_end).not.toEqual(one.percentiles_at_end);
    await expect(runInProcess(['--balance', '1000', '--seed', '9007199254740992'])).rejects.toThrow(
      /--seed: must be a whole number from 0 to 9007199254740991/,
    );
    await expect(runInProcess(['--balance', '1000', '--seed', '-1'])).rejects.toThrow(/--seed/);
  });

  it("refuses --inflation for the historical models, which use each year's CPI", async () => {
    await expect(
      runInProcess(['--balance', '1000', '--model', 'historical', '--inflation', '0.03']),
    ).rejects.toThrow('--inflation: does not apply to --model historical');
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
