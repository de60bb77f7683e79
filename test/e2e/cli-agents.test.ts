// Each agent standalone from the CLI, as a child process (`node bin/alex.js …`) on a fresh data
// directory: offline, and against the fake OpenAI-compatible server started here.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../src/agents/reporter/index.ts';
import { taggerOutputSchema } from '../../src/agents/tagger/index.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
} from '../../src/contracts/payloads.ts';
import { chartTotalMatches } from '../../src/core/index.ts';
import { parseJson } from '../../src/parse-json.ts';
import {
  fake,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../fakes/openai-compatible-server.ts';

const bin = fileURLToPath(new URL('../../bin/alex.js', import.meta.url));
const FAKE_MODEL = 'openai-compatible:fake-model';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDirectory: string;
let server: FakeOpenAiServer;

beforeAll(async () => {
  // One data directory for the file: every CLI start opens (and the first migrates) PGlite.
  dataDirectory = mkdtempSync(join(tmpdir(), 'alex-cli-agents-'));
  server = await startFakeOpenAiServer();
});

afterAll(async () => {
  await server.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

beforeEach(() => {
  server.requests.length = 0;
  expect(server.remaining).toBe(0);
});

/** Runs the CLI with only the environment given (no inherited ALEX_* or keys, no .env). */
function alex(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
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
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const withFakeModel = () => ({ ALEX_MODEL: FAKE_MODEL, ALEX_LLM_BASE_URL: server.baseUrl });

function sumOf(allocation: Partial<Record<string, number>>): number {
  return Object.values(allocation).reduce<number>((sum, pct) => sum + (pct ?? 0), 0);
}

describe('alex tag', () => {
  it('classifies known symbols from the reference data and unknown ones by the offline rules', async () => {
    const run = await alex(['tag', 'VTI', 'brk.b', 'ZZZZ', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = parseJson(run.stdout, taggerOutputSchema, 'tag output');
    expect(output.map((item) => [item.symbol, item.classification_source])).toEqual([
      ['VTI', 'reference'],
      ['BRK.B', 'reference'],
      ['ZZZZ', 'heuristic'],
    ]);
    for (const item of output) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining([
          'symbol',
          'name',
          'instrument_type',
          'allocation_asset_class',
          'allocation_regions',
          'allocation_sectors',
          'classification_source',
        ]),
      );
      if (item.symbol === 'ZZZZ') continue;
      for (const map of [
        item.allocation_asset_class,
        item.allocation_regions,
        item.allocation_sectors,
      ]) {
        expect(sumOf(map)).toBeCloseTo(100, 1);
        for (const pct of Object.values(map)) expect(pct).toBeGreaterThan(0);
      }
    }
    // A bare unknown symbol is left unclassified (empty maps, a note), never guessed as equity.
    expect(output[2]).toMatchObject({
      allocation_asset_class: {},
      allocation_regions: {},
      allocation_sectors: {},
    });
    expect(output[2]?.note).toMatch(/^Unclassified/);
    expect(output[0]).toMatchObject({
      name: 'Vanguard Total Stock Market ETF',
      allocation_asset_class: { equity: 100 },
      allocation_regions: { north_america: 100 },
    });
  });

  it('prints a table and says nothing was stored', async () => {
    const run = await alex(['tag', 'VTI', 'ZZZZ']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^symbol\s+name\s+type\s+asset class %\s+regions %\s+sectors %\s+source$/,
    );
    expect(lines.find((line) => line.startsWith('VTI '))).toMatch(/equity 100.*reference$/);
    expect(lines.find((line) => line.startsWith('ZZZZ '))).toMatch(/unclassified.*heuristic$/);
    expect(lines.at(-1)).toBe('model: offline; classification only; not stored');
  });

  it('classifies an unknown symbol with the configured model', async () => {
    server.script([
      fake.json({
        instruments: [
          {
            symbol: 'ZZZZ',
            name: 'Zeta Zinc Mining Corp.',
            instrument_type: 'stock',
            asset_class: [{ key: 'equity', percent: 100 }],
            regions: [
              { key: 'north_america', percent: 60 },
              { key: 'latin_america', percent: 40 },
            ],
            sectors: [{ key: 'materials', percent: 100 }],
            confidence: 'low',
            note: 'Unfamiliar symbol; a guess.',
          },
        ],
      }),
    ]);
    const run = await alex(['tag', 'ZZZZ', '--json'], withFakeModel());
    expect(run.code).toBe(0);
    const [zzzz] = parseJson(run.stdout, taggerOutputSchema, 'tag output');
    expect(zzzz).toEqual({
      symbol: 'ZZZZ',
      name: 'Zeta Zinc Mining Corp.',
      instrument_type: 'stock',
      allocation_asset_class: { equity: 100 },
      allocation_regions: { north_america: 60, latin_america: 40 },
      allocation_sectors: { materials: 100 },
      classification_source: `llm:${FAKE_MODEL}`,
      confidence: 'low',
      note: 'Unfamiliar symbol; a guess.',
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body?.model).toBe('fake-model');
    expect(JSON.stringify(server.requests[0]?.body?.messages)).toContain('ZZZZ');
  });

  it('fails with one line and a non-zero exit when the model keeps answering wrongly', async () => {
    const wrongSum = {
      instruments: [
        {
          symbol: 'ZZZZ',
          name: 'ZZZZ',
          instrument_type: 'stock',
          asset_class: [{ key: 'equity', percent: 70 }],
          regions: [{ key: 'north_america', percent: 100 }],
          sectors: [{ key: 'materials', percent: 100 }],
          confidence: 'low',
          note: '',
        },
      ],
    };
    server.script([fake.json(wrongSum), fake.json(wrongSum)]);
    const run = await alex(['tag', 'ZZZZ', '--json'], {
      ...withFakeModel(),
      ALEX_LOG_LEVEL: 'silent',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^alex: openai-compatible:fake-model: answer still invalid after 1 repair round: .*ZZZZ: asset_class percentages sum to 70/,
      ),
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects a bad symbol with exit 2 and one line naming it', async () => {
    const run = await alex(['tag', 'VTI', 'not a ticker']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('symbol: "not a ticker" is not a ticker'),
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('alex report | charts | retirement --demo (offline)', () => {
  it('report prints a report payload with every section, written offline', async () => {
    const run = await alex(['report', '--demo', '--json']);
    expect(run.code).toBe(0);
    const payload = parseJson(run.stdout, reportPayloadSchema, 'report payload');
    expect(payload).toMatchObject({ agent: 'reporter', model: 'offline' });
    for (const section of REPORT_SECTIONS) {
      expect(payload.content).toMatch(new RegExp(`^## ${section}$`, 'm'));
    }
    expect(payload.fact_check.figures).toBeGreaterThan(0);
    expect(payload.fact_check.mismatches).toEqual([]);
    // The demo's Social Security is counted, and said to be an illustrative assumption.
    expect(payload.content).toMatch(/Social Security from age 67: \$24,000 a year/);
    expect(payload.content).toContain('illustrative demo assumption');
  });

  it('charts and retirement value the same demo portfolio', async () => {
    const charts = await alex(['charts', '--demo', '--json']);
    expect(charts.code).toBe(0);
    const chartsPayload = parseJson(charts.stdout, chartsPayloadSchema, 'charts payload');
    const count = Object.keys(chartsPayload).length;
    expect(count).toBeGreaterThanOrEqual(4);
    expect(count).toBeLessThanOrEqual(6);
    expect(Object.values(chartsPayload).every(chartTotalMatches)).toBe(true);
    const portfolioValueUsd = chartsPayload['asset_class_allocation']?.total;
    expect(portfolioValueUsd).toBeGreaterThan(0);

    const retirement = await alex([
      'retirement',
      '--demo',
      '--json',
      '--simulations',
      '2000',
      '--seed',
      '7',
    ]);
    expect(retirement.code).toBe(0);
    const payload = parseJson(retirement.stdout, retirementPayloadSchema, 'retirement payload');
    expect(payload).toMatchObject({ agent: 'retirement', model: 'offline' });
    expect(payload.results.simulations).toBe(2000);
    expect(payload.results.seed).toBe(7);
    expect(payload.assumptions['balance_usd']).toBeCloseTo(portfolioValueUsd ?? 0, 2);
    expect(payload.series.length).toBeGreaterThan(25);
    // The demo profile claims an illustrative Social Security at 67; the levers try 70.
    const streams = payload.assumptions['income_streams'] as Array<Record<string, unknown>>;
    expect(streams.map((stream) => [stream['kind'], stream['claiming_age']])).toEqual([
      ['social_security', 67],
    ]);
    expect(String(streams[0]?.['note'])).toContain('illustrative demo assumption');
    expect(payload.levers.map((lever) => lever.change)).toContain(
      'claim Social Security at 70 instead of 67',
    );
  });

  it('prints the charts as a table with totals without --json', async () => {
    const run = await alex(['charts', '--demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^key\s+title\s+type\s+points\s+total$/m);
    expect(run.stdout).toMatch(/^asset_class_allocation\s+.*\$[\d,]+$/m);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^model: offline; [4-6] charts; not stored$/,
    );
  });

  it('needs --demo or --user, not both', async () => {
    const neither = await alex(['report']);
    expect(neither.code).toBe(2);
    expect(neither.stderr.trim()).toBe('alex: --user: give --user <id> or --demo');
    const both = await alex(['charts', '--demo', '--user', 'someone']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('alex: --user: give either --demo or --user, not both');
  });
});

describe('alex charts --demo against a model', () => {
  it('publishes the charts the model chose, with computed values', async () => {
    const selection = {
      charts: [
        {
          key: 'asset_class_allocation',
          title: 'What your money is in',
          description: 'Stocks lead, with bonds second.',
          type: 'donut',
        },
        { key: 'account_values', title: 'Your accounts', description: 'Three accounts.' },
        { key: 'top_holdings', title: 'Biggest holdings', description: 'The largest positions.' },
        { key: 'region_allocation', title: 'Where in the world', description: 'Mostly at home.' },
      ],
    };
    server.script([fake.json(selection)]);
    const run = await alex(['charts', '--demo', '--json'], withFakeModel());
    expect(run.code).toBe(0);
    const payload = parseJson(run.stdout, chartsPayloadSchema, 'charts payload');
    expect(Object.keys(payload)).toEqual(selection.charts.map((chart) => chart.key));
    expect(payload['asset_class_allocation']).toMatchObject({
      title: 'What your money is in',
      type: 'donut',
    });
    expect(payload['account_values']?.data.map((point) => point.name).sort()).toEqual([
      '401(k)',
      'Roth IRA',
      'Taxable brokerage',
    ]);
    expect(Object.values(payload).every(chartTotalMatches)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
