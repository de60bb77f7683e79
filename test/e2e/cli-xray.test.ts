// `alex xray` as a child process (`node bin/alex.js …`) on a fresh data directory, offline.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPayloadSchema } from '../../src/contracts/payloads.ts';
import {
  XRAY_RULE_IDS,
  xrayResponseSchema,
  xrayThresholdsSchema,
} from '../../src/contracts/xray.ts';
import { parseJson } from '../../src/parse-json.ts';

const bin = fileURLToPath(new URL('../../bin/alex.js', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDirectory: string;

beforeAll(() => {
  dataDirectory = mkdtempSync(join(tmpdir(), 'alex-cli-xray-'));
});

afterAll(() => {
  rmSync(dataDirectory, { recursive: true, force: true });
});

/** Runs the CLI with only the environment given (no inherited ALEX_* or keys, no .env). */
function alex(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: dataDirectory,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: dataDirectory,
          ALEX_DATA_DIR: join(dataDirectory, 'data'),
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('alex xray --demo', () => {
  it('prints rules (id, threshold, value, passed, why) and exposures as JSON', async () => {
    const run = await alex(['xray', '--demo', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const xray = parseJson(run.stdout, xrayResponseSchema, 'xray');
    expect(xray.rules.map((rule) => rule.id)).toEqual([...XRAY_RULE_IDS]);
    for (const rule of xray.rules) {
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.passed).toBe(rule.status === 'not_evaluated' ? null : rule.status === 'passed');
    }
    // The demo holds Microsoft directly and through VTI: one exposure, two sources, and its
    // share is the sum of theirs (each rounded to 0.01).
    const microsoft = xray.exposures.companies.find((company) => company.symbol === 'MSFT')!;
    expect(microsoft.through.map((part) => part.via)).toEqual(['direct', 'VTI']);
    const parts = microsoft.through.reduce((sum, part) => sum + part.pct, 0);
    expect(Math.abs(microsoft.pct - parts)).toBeLessThanOrEqual(0.02);
    expect(microsoft.lower_bound).toBe(true);
    expect(xray.exposures.looked_through.map((fund) => [fund.symbol, fund.holdings_as_of])).toEqual(
      expect.arrayContaining([['VTI', '2025-06-30']]),
    );
    expect(xray.exposures.not_looked_through.map((fund) => fund.symbol)).toContain('QQQ');
    expect(xray.exposures.currencies[0]).toMatchObject({ key: 'usd', currency: 'USD' });
  }, 60_000);

  it('takes a threshold for one run and says where each threshold came from', async () => {
    const base = parseJson(
      (await alex(['xray', '--demo', '--json'])).stdout,
      xrayResponseSchema,
      'xray',
    );
    const emergency = base.rules.find((rule) => rule.id === 'emergency_fund')!;
    expect(emergency).toMatchObject({ threshold: 3, threshold_from: 'default', passed: false });
    const run = await alex([
      'xray',
      '--demo',
      '--json',
      '--threshold',
      `emergency_fund=${emergency.value}`,
    ]);
    const changed = parseJson(run.stdout, xrayResponseSchema, 'xray').rules[0]!;
    expect(changed).toMatchObject({
      id: 'emergency_fund',
      threshold: emergency.value,
      threshold_from: 'request',
      passed: true,
    });
  }, 60_000);

  it('refuses a threshold out of its range or for an unknown rule, naming the rule', async () => {
    const outOfRange = await alex(['xray', '--demo', '--threshold', 'emergency_fund=61']);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain('emergency_fund must be between 0 and 60');
    const unknown = await alex(['xray', '--demo', '--threshold', 'cash_drag=1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"cash_drag" is not a rule');
  }, 60_000);

  it('prints a table of rules and the companies behind the funds', async () => {
    const run = await alex(['xray', '--demo']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('emergency_fund');
    expect(run.stdout).toMatch(/Microsoft Corp\.\s+[\d.]+%\s+your own shares, VTI/);
    expect(run.stdout).toContain('Not looked through (no shipped holdings):');
  }, 60_000);

  it('puts the same X-ray in the demo report, whose fact check passes', async () => {
    const xray = parseJson(
      (await alex(['xray', '--demo', '--json'])).stdout,
      xrayResponseSchema,
      'xray',
    );
    const run = await alex(['report', '--demo', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = parseJson(run.stdout, reportPayloadSchema, 'report');
    expect(report.fact_check.mismatches).toEqual([]);
    const section = report.content.slice(
      report.content.indexOf('## X-ray'),
      report.content.indexOf('## Risk Profile'),
    );
    const words = { passed: 'Pass', failed: 'Fail', not_evaluated: 'Not evaluated' } as const;
    for (const rule of xray.rules) {
      expect(section).toContain(`| ${rule.title} | ${words[rule.status]} |`);
    }
    expect(section).toContain('Microsoft Corp.: ');
    expect(section).toContain('through your own shares, VTI.');
  }, 120_000);

  it('keeps the profile’s own thresholds, set with alex users xray-thresholds', async () => {
    const demo = '00000000-0000-4000-8000-00000000de70';
    const bad = await alex([
      'users',
      'xray-thresholds',
      '--user',
      demo,
      '--threshold',
      'home_bias=101',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('home_bias must be between 0 and 100');
    const set = await alex([
      'users',
      'xray-thresholds',
      '--user',
      demo,
      '--threshold',
      'home_bias=90',
      '--json',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(parseJson(set.stdout, xrayThresholdsSchema, 'thresholds')).toEqual({ home_bias: 90 });
    const xray = parseJson(
      (await alex(['xray', '--demo', '--json'])).stdout,
      xrayResponseSchema,
      'xray',
    );
    expect(xray.rules.find((rule) => rule.id === 'home_bias')).toMatchObject({
      threshold: 90,
      threshold_from: 'profile',
    });
    const cleared = await alex(['users', 'xray-thresholds', '--user', demo, '--clear']);
    expect(cleared.stdout).toContain('every X-ray rule at its default');
  }, 60_000);
});
