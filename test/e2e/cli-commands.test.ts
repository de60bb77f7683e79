// The data commands end to end: `node bin/alex.js` as a child process on a fresh embedded
// data directory, checked by exit code, stdout and stderr, as a person or a script sees them.
// Exit codes (README): 0 done, 1 failed, 2 bad input, 3 bad configuration, 4 not found.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from '../../src/parse-json.ts';
import { runAlex } from '../helpers/worker-process.ts';

// Under a loaded machine one embedded start can take many seconds; these are bounds, not targets.
const COMMAND_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 600_000;

const idSchema = z.object({ id: z.string() }).loose();
const positionsSchema = z.array(z.object({ symbol: z.string(), quantity: z.number() }).loose());

let directory: string;
let env: Record<string, string>;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'alex-cli-commands-'));
  env = { ALEX_DATA_DIR: join(directory, '.alex') };
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function alex(args: string[], extraEnv: Record<string, string> = {}) {
  return runAlex(args, {
    cwd: directory,
    env: { ...env, ...extraEnv },
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
}

/** Runs a command that must succeed and returns its stdout parsed by `schema`. */
async function alexJson<T>(args: string[], schema: z.ZodType<T>): Promise<T> {
  const result = await alex(args);
  expect(result.code, `alex ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return parseJson(result.stdout, schema, `alex ${args.join(' ')}`);
}

/** A failure: its exit code and its one line on stderr. */
async function failure(args: string[]): Promise<{ code: number | null; line: string }> {
  const result = await alex(args);
  const lines = result.stderr.trim().split('\n');
  expect(lines, `one line on stderr for alex ${args.join(' ')}`).toHaveLength(1);
  expect(result.stdout).toBe('');
  return { code: result.code, line: lines[0] ?? '' };
}

describe('alex users, accounts, positions (child processes, embedded database)', () => {
  it(
    'builds two portfolios and keeps each user’s positions their own',
    async () => {
      const ann = await alexJson(
        [
          'users',
          'add',
          '--name',
          'Ann',
          '--birth-year',
          '1980',
          '--years-to-retirement',
          '20',
          '--target-income',
          '60000',
          '--asset-class-targets',
          'equity=70,fixed_income=30',
          '--sex',
          'female',
          '--json',
        ],
        idSchema.extend({ sex: z.enum(['female', 'male']).nullable() }),
      );
      expect(ann.sex).toBe('female');
      const changed = await alexJson(
        ['users', 'update', '--user', ann.id, '--sex', 'none', '--json'],
        idSchema.extend({ sex: z.enum(['female', 'male']).nullable() }),
      );
      expect(changed.sex).toBeNull();
      const refused = await failure(['users', 'update', '--user', ann.id, '--sex', 'x']);
      expect(refused.code).toBe(2);
      expect(refused.line).toContain('--sex: must be female or male, or none');
      const bob = await alexJson(['users', 'add', '--name', 'Bob', '--json'], idSchema);
      const annAccount = await alexJson(
        ['accounts', 'add', '--user', ann.id, '--name', 'Roth IRA', '--type', 'tax_free'].concat([
          '--cash',
          '1000',
          '--json',
        ]),
        idSchema,
      );
      const bobAccount = await alexJson(
        ['accounts', 'add', '--user', bob.id, '--name', 'Brokerage', '--type', 'taxable', '--json'],
        idSchema,
      );
      await alexJson(
        [
          'positions',
          'add',
          '--account',
          annAccount.id,
          '--symbol',
          'vti',
          '--quantity',
          '10',
        ].concat(['--json']),
        idSchema,
      );

      const users = await alexJson(['users', 'list', '--json'], z.array(idSchema));
      expect(users.map((user) => user.id)).toEqual([ann.id, bob.id]);
      const accounts = await alexJson(
        ['accounts', 'list', '--user', ann.id, '--json'],
        z.array(idSchema),
      );
      expect(accounts.map((account) => account.id)).toEqual([annAccount.id]);

      // Bob's account does not hold VTI: removing it there is "not found", and Ann's stays.
      const removal = await failure([
        'positions',
        'remove',
        '--account',
        bobAccount.id,
        '--symbol',
        'VTI',
      ]);
      expect(removal.code).toBe(4);
      const annPositions = await alexJson(
        ['positions', 'list', '--user', ann.id, '--json'],
        positionsSchema,
      );
      expect(annPositions).toEqual([expect.objectContaining({ symbol: 'VTI', quantity: 10 })]);
      expect(
        await alexJson(['positions', 'list', '--user', bob.id, '--json'], positionsSchema),
      ).toEqual([]);

      const removed = await alex([
        'positions',
        'remove',
        '--account',
        annAccount.id,
        '--symbol',
        'VTI',
      ]);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toBe(`removed VTI from account ${annAccount.id}\n`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses out-of-range numbers with exit 2, naming the flag, and stores nothing',
    async () => {
      const cases: Array<[string[], string]> = [
        [['--target-income', '1e15'], '--target-income: must be a number from 0 to 1,000,000,000'],
        [['--birth-year', '2099'], '--birth-year: must be a whole number from 1900 to'],
        [['--years-to-retirement', '0x10'], '--years-to-retirement: must be a whole number'],
        [['--contribution', ''], '--contribution: must be a number from 0 to 1,000,000,000'],
        [
          ['--asset-class-targets', 'equity=70,fixed_income=50'],
          '--asset-class-targets: must add up to 100 (these add up to 120)',
        ],
        [['--sex', 'other'], '--sex: must be female or male'],
      ];
      for (const [flags, message] of cases) {
        const result = await failure(['users', 'add', '--name', 'Typo', ...flags]);
        expect(result.code, flags.join(' ')).toBe(2);
        expect(result.line).toContain(message);
      }
      const users = await alexJson(['users', 'list', '--json'], z.array(idSchema.loose()));
      expect(JSON.stringify(users)).not.toContain('Typo');

      const worker = await failure(['worker', '--concurrency', '-3']);
      expect(worker.code).toBe(2);
      expect(worker.line).toContain('--concurrency: must be a whole number from 1 to 64');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('alex users --plan-to-age and users show (child processes, embedded database)', () => {
  it(
    'sets the age a plan runs to, shows it, refuses one before retirement naming the flag, and clears it',
    async () => {
      const profileSchema = idSchema.extend({ planToAge: z.number().nullable() });
      const born = new Date().getUTCFullYear() - 60;
      const refusedAdd = await failure(
        ['users', 'add', '--name', 'Early', '--birth-year', String(born)].concat([
          '--years-to-retirement',
          '5',
          '--plan-to-age',
          '65',
        ]),
      );
      expect(refusedAdd.code).toBe(2);
      expect(refusedAdd.line).toContain(
        `--plan-to-age: must be above the retirement age, 65 (age 60 from birth_year ${born}, ` +
          'plus years_until_retirement 5)',
      );
      const planner = await alexJson(
        ['users', 'add', '--name', 'Planner', '--birth-year', String(born)].concat([
          '--years-to-retirement',
          '5',
          '--plan-to-age',
          '95',
          '--json',
        ]),
        profileSchema,
      );
      expect(planner.planToAge).toBe(95);

      const before = await failure([
        'users',
        'update',
        '--user',
        planner.id,
        '--plan-to-age',
        '60',
      ]);
      expect(before.code).toBe(2);
      expect(before.line).toContain(
        `--plan-to-age: must be above the current age, 60 (from birth_year ${born}), and the retirement age, 65`,
      );
      const range = await failure([
        'users',
        'update',
        '--user',
        planner.id,
        '--plan-to-age',
        '121',
      ]);
      expect(range.code).toBe(2);
      expect(range.line).toContain('--plan-to-age: must be a whole number from 1 to 120');
      const later = await failure([
        'users',
        'update',
        '--user',
        planner.id,
        '--birth-year',
        '1900',
      ]);
      expect(later.code).toBe(2);
      expect(later.line).toMatch(
        /--birth-year: puts retirement at \d+ .* not before the profile's plan_to_age, 95/,
      );

      const set = await alexJson(
        ['users', 'update', '--user', planner.id, '--plan-to-age', '100', '--json'],
        profileSchema,
      );
      expect(set.planToAge).toBe(100);
      const shown = await alex(['users', 'show', '--user', planner.id]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/plan to age +100\n/);
      expect(shown.stdout).toMatch(/years until retirement +5\n/);

      const cleared = await alexJson(
        ['users', 'update', '--user', planner.id, '--plan-to-age', 'none', '--json'],
        profileSchema,
      );
      expect(cleared.planToAge).toBeNull();
      expect(
        (await alexJson(['users', 'show', '--user', planner.id, '--json'], profileSchema))
          .planToAge,
      ).toBeNull();
      expect((await alex(['users', 'show', '--user', planner.id])).stdout).toMatch(
        /plan to age +not set: the oldest age reached with 10% probability/,
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('alex users income (child processes, embedded database)', () => {
  it(
    "stores a user's streams, prints them, refuses bad ones unwritten, and clears them",
    async () => {
      const user = await alexJson(
        ['users', 'add', '--name', 'Retiree', '--birth-year', '1966', '--json'],
        idSchema,
      );
      const plan = z.object({ streams: z.array(z.object({ kind: z.string() }).loose()) }).loose();
      const stored = await alexJson(
        [
          'users',
          'income',
          '--user',
          user.id,
          '--social-security',
          '67:2400/month',
          '--pension',
          '65:1000/month',
          '--expense',
          '70:40000',
          '--json',
        ],
        plan,
      );
      expect(stored.streams.map((stream) => stream.kind)).toEqual([
        'social_security',
        'pension',
        'expense',
      ]);
      const bad = await failure([
        'users',
        'income',
        '--user',
        user.id,
        '--spouse-social-security',
        '64:900/month',
      ]);
      expect(bad.code).toBe(2);
      expect(bad.line).toContain("--spouse-birth-year: is required by a spouse's stream");
      const listed = await alexJson(
        ['users', 'list', '--json'],
        z.array(z.object({ id: z.string(), incomePlan: plan }).loose()),
      );
      const kept = listed.find((each) => each.id === user.id)?.incomePlan.streams ?? [];
      expect(kept).toHaveLength(3);
      const text = await alex(['users', 'income', '--user', user.id, '--clear']);
      expect(text.stdout).toContain('Retiree: no income or expense streams');
      const tooYoung = await failure([
        'users',
        'income',
        '--user',
        user.id,
        '--social-security',
        '60:1',
      ]);
      expect(tooYoung.line).toContain(
        '--social-security: the age: Social Security is claimed from 62 to 70',
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('alex users taxes (child processes, embedded database)', () => {
  it(
    "stores a user's tax plan, keeps what is not given, and refuses bad values unwritten",
    async () => {
      const user = await alexJson(
        ['users', 'add', '--name', 'Saver', '--birth-year', '1962', '--json'],
        idSchema,
      );
      const planSchema = z.object({
        filing_status: z.string(),
        withdrawal_order: z.string(),
        tax_deferred_rate: z.number().nullable(),
      });
      const set = ['users', 'taxes', '--user', user.id];
      const stored = await alexJson(
        [...set, '--withdrawal-order', 'proportional', '--tax-deferred-rate', '0.22', '--json'],
        planSchema,
      );
      expect(stored).toEqual({
        filing_status: 'single',
        withdrawal_order: 'proportional',
        tax_deferred_rate: 0.22,
      });
      const tooHigh = await failure([...set, '--tax-deferred-rate', '0.7']);
      expect(tooHigh.code).toBe(2);
      expect(tooHigh.line).toContain('--tax-deferred-rate: must be a fraction from 0 to 0.6');
      const unknown = await failure([...set, '--withdrawal-order', 'roth_first']);
      expect(unknown.line).toContain(
        '--withdrawal-order: must be one of taxable_first, proportional',
      );
      const kept = await alexJson(
        [...set, '--filing-status', 'married_joint', '--json'],
        planSchema,
      );
      expect(kept).toEqual({
        filing_status: 'married_joint',
        withdrawal_order: 'proportional',
        tax_deferred_rate: 0.22,
      });
      const text = await alex([...set, '--default-rate']);
      expect(text.stdout).toContain(
        'Saver: filing married_joint; withdrawals proportional; tax-deferred rate from the 2024 federal brackets',
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('alex jobs, db, config, demo (child processes, embedded database)', () => {
  it(
    'db migrate reports the schema; jobs list and show, with their exit codes',
    async () => {
      const migrated = await alex(['db', 'migrate']);
      expect(migrated.code, migrated.stderr).toBe(0);

      const missing = await failure(['jobs', 'show', '00000000-0000-4000-8000-000000000000']);
      expect(missing.code).toBe(4);
      const malformed = await failure(['jobs', 'show', 'not-a-job-id']);
      expect(malformed.code).toBe(2);
      const limit = await failure(['jobs', 'list', '--limit', '0']);
      expect(limit.code).toBe(2);
      expect(limit.line).toContain('--limit');
      // One list is one database answer (1 MiB on the Aurora Data API); help and refusal say so.
      const reason =
        'one list is one database answer, which on AWS (the Aurora Data API) holds at most 1 MiB';
      const tooMany = await failure(['jobs', 'list', '--limit', '101']);
      expect(tooMany.code).toBe(2);
      expect(tooMany.line).toContain(
        `--limit: must be a whole number from 1 to 100 (got "101"): ${reason}`,
      );
      const help = await alex(['jobs', 'list', '--help']);
      expect(help.stdout.replace(/\s+/g, ' ')).toContain(`how many to print, 1 to 100: ${reason}`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'demo runs a job that jobs list and jobs show then report',
    async () => {
      const demo = await alex(['demo', '--output', 'demo-output']);
      expect(demo.code, demo.stderr).toBe(0);
      const jobs = await alexJson(
        ['jobs', 'list', '--json'],
        z.array(z.object({ id: z.string(), status: z.string() }).loose()),
      );
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.status).toBe('completed');
      expect(demo.stdout).toContain(`demo-output/${jobs[0]?.id ?? ''}/`);
      const shown = await alexJson(
        ['jobs', 'show', jobs[0]?.id ?? '', '--json'],
        z.object({ status: z.string(), payload_bytes: z.record(z.string(), z.number()) }).loose(),
      );
      expect(shown.status).toBe('completed');
      expect(Object.keys(shown.payload_bytes)).toHaveLength(4);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'config never prints the password of DATABASE_URL',
    async () => {
      const password = 'pw-never-printed-7f3a';
      const result = await alex(['config'], {
        DATABASE_URL: `postgres://alex:${password}@127.0.0.1:1/alex`,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('"kind": "postgres"');
      expect(result.stdout + result.stderr).not.toContain(password);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('alex analyze --json', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // A model server that refuses every request (401 is not retried): the reporter fails.
    server = createServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'unauthorized', type: 'invalid_request' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it(
    'exits non-zero when the job failed, with the failed job as JSON',
    async () => {
      const result = await alex(['analyze', '--demo', '--agents', 'reporter', '--json'], {
        ALEX_MODEL: 'openai-compatible:refused',
        ALEX_LLM_BASE_URL: baseUrl,
      });
      expect(result.code, result.stderr).toBe(1);
      const job = parseJson(
        result.stdout,
        z.object({ status: z.string(), error: z.string() }).loose(),
        'analyze --json',
      );
      expect(job.status).toBe('failed');
      expect(job.error).toContain('reporter');
    },
    TEST_TIMEOUT_MS,
  );
});
