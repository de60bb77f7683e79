// The CLI as a child process on checks that must come first or must not take a whole command
// down: a DATABASE_URL the driver cannot parse, an --output that cannot be a directory (refused
// before a job exists), and one off-contract job row among readable ones in `jobs list`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import { runAlex } from '../helpers/worker-process.ts';

// Generous bounds: every CLI start opens PGlite, which is slow on a loaded machine.
const TEST_TIMEOUT_MS = 300_000;

it('stops quietly when the reader of its output goes away (alex … | head)', () => {
  // `true` exits before alex has written a line, so every write meets a closed pipe (EPIPE).
  const run = spawnSync(
    'bash',
    ['-c', 'set -o pipefail; node bin/alex.js simulate --help | true'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(run.stderr).not.toMatch(/EPIPE|Unhandled/);
  expect(run.status).toBe(0);
});

const listedJobSchema = z.array(
  z.object({ id: z.string(), status: z.string(), unreadable: z.string().optional() }).loose(),
);

let directory: string;
let dataDir: string;
let readableId: string;
let unreadableId: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'alex-cli-checks-'));
  dataDir = join(directory, 'data');
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await migrate(database.db, { vectorAvailable: database.vectorAvailable });
    const repositories = createRepositories(database.db);
    const user = await seedDemoPortfolio(repositories);
    const request = { analysis_type: 'portfolio_analysis' } as const;
    unreadableId = (await repositories.jobs.create(user.id, request)).id;
    readableId = (await repositories.jobs.create(user.id, request)).id;
    // What an older or broken writer left behind: a summary whose agent statuses, which the list
    // shows, are off the contract.
    await sql`UPDATE jobs SET summary_payload = '{"status_by_agent": {"charter": "exploded"}}'::jsonb WHERE id = ${unreadableId}`.execute(
      database.db,
    );
  } finally {
    await database.close();
  }
}, TEST_TIMEOUT_MS);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = { ALEX_DATA_DIR: dataDir }) =>
  runAlex(args, { cwd: directory, env, timeoutMs: TEST_TIMEOUT_MS });

it('names DATABASE_URL with exit 3 when its port is out of range, without the password', async () => {
  const outcome = await cli(['jobs', 'list'], {
    DATABASE_URL: 'postgres://alex:hunter2@127.0.0.1:99999/alex',
  });
  expect(outcome.code).toBe(3);
  expect(outcome.stderr).toContain('alex: DATABASE_URL: must be a valid URL');
  expect(outcome.stderr).not.toContain('hunter2');
});

describe('on one embedded data directory', () => {
  it(
    'refuses an --output that is a file before any job is created',
    async () => {
      const file = join(directory, 'not-a-directory');
      writeFileSync(file, 'already here');
      const outcome = await cli(['analyze', '--demo', '--output', file]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain(
        `alex: --output: ${file} cannot be used as the output directory`,
      );

      const listed = await cli(['jobs', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(parseJson(listed.stdout, listedJobSchema, 'jobs').map((job) => job.id)).toHaveLength(
        2,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lists an off-contract job as unreadable, with its id, beside the readable ones',
    async () => {
      const asJson = await cli(['jobs', 'list', '--json']);
      expect(asJson.code, asJson.stderr).toBe(0);
      const jobs = parseJson(asJson.stdout, listedJobSchema, 'jobs');
      const byId = new Map(jobs.map((job) => [job.id, job]));
      expect(byId.get(readableId)).toMatchObject({ status: 'pending' });
      expect(byId.get(readableId)?.unreadable).toBeUndefined();
      expect(byId.get(unreadableId)).toMatchObject({ status: 'pending' });
      expect(byId.get(unreadableId)?.unreadable).toContain(
        'jobs.summary_payload.status_by_agent.charter',
      );

      const asTable = await cli(['jobs', 'list']);
      expect(asTable.code, asTable.stderr).toBe(0);
      const row = asTable.stdout.split('\n').find((line) => line.startsWith(unreadableId));
      expect(row).toContain('unreadable: ');
    },
    TEST_TIMEOUT_MS,
  );
});
