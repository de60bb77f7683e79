import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import {
  FIXTURE_TRADING_DATE,
  startFakePolygonServer,
  type FakePolygonServer,
} from '../fakes/polygon-server.ts';

const run = promisify(execFile);
const API_KEY = 'test-polygon-key';

describe('alex prices against a fake Polygon (free plan)', () => {
  let directory: string;
  let polygon: FakePolygonServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'alex-prices-'));
    polygon = await startFakePolygonServer({ apiKey: API_KEY, plan: 'free' });
    env = {
      PATH: process.env['PATH'],
      ALEX_DATA_DIR: directory,
      POLYGON_API_KEY: API_KEY,
      POLYGON_PLAN: 'free',
      POLYGON_BASE_URL: polygon.baseUrl,
    };
    await run('node', ['bin/alex.js', 'db', 'reset', '--with-test-data'], { env });
  });
  afterAll(async () => {
    await polygon.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores closes from one grouped-daily call, keeps stored prices for the rest, and caches the day', async () => {
    const first = await run(
      'node',
      ['bin/alex.js', 'prices', 'refresh', '--symbols', 'VTI,BND,brk.b,SCHD', '--json'],
      { env },
    );
    const refresh = parseJson(
      first.stdout,
      z.object({
        updated: z.array(
          z.object({ symbol: z.string(), source: z.string(), asOf: z.string() }).loose(),
        ),
        stale: z.array(z.object({ symbol: z.string(), lastSource: z.string() }).loose()),
        unpriced: z.array(z.string()),
      }),
    );
    expect(refresh.updated.map((quote) => quote.symbol).sort()).toEqual(['BND', 'BRK.B', 'VTI']);
    expect(
      refresh.updated.every(
        (quote) =>
          quote.source === 'polygon:grouped-daily' && quote.asOf.startsWith(FIXTURE_TRADING_DATE),
      ),
    ).toBe(true);
    // SCHD is not in the fixture's market: it keeps its seed price, flagged stale, never guessed.
    expect(refresh.stale).toEqual([
      expect.objectContaining({ symbol: 'SCHD', lastSource: 'seed' }),
    ]);
    expect(polygon.requestsTo('grouped-daily')).toHaveLength(1);
    expect(polygon.requests.every((request) => request.credentials === 'bearer')).toBe(true);

    const listed = await run('node', ['bin/alex.js', 'prices', 'list', '--json'], { env });
    const rows = parseJson(
      listed.stdout,
      z.array(z.object({ symbol: z.string(), price_source: z.string().nullable() }).loose()),
    );
    expect(rows.find((row) => row.symbol === 'VTI')?.price_source).toBe('polygon:grouped-daily');
    expect(rows.find((row) => row.symbol === 'SCHD')?.price_source).toBe('seed');

    await run('node', ['bin/alex.js', 'prices', 'refresh', '--symbols', 'VTI', '--json'], { env });
    expect(polygon.requestsTo('grouped-daily')).toHaveLength(1);
    expect(polygon.requestsTo('previous-close')).toHaveLength(2);
  });

  it('names a bad symbol and exits 2 without touching Polygon', async () => {
    const before = polygon.requests.length;
    const failure = await run(
      'node',
      ['bin/alex.js', 'prices', 'refresh', '--symbols', 'VTI,not a ticker'],
      { env },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^alex: --symbols\.1: must be a ticker/),
    ]);
    expect(polygon.requests.length).toBe(before);
  });
});
