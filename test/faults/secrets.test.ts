// Secrets stay secret across a real job: the CLI as a child process on its own embedded
// database, a model server and a Polygon stand-in on 127.0.0.1 that both quote the key they
// were sent in their 401 (as OpenAI's "Incorrect API key provided: …" does). Afterwards the keys
// must appear in no stdout, no stderr (log lines included, at debug level), no jobs.error and
// no agent_runs.error; the redacted messages must still be there, so the failing path ran.
// Also: a URL variable carrying credentials stops start-up without echoing the password.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices } from '../../src/entry/compose.ts';
import { silentLogger } from '../../src/log.ts';
import { DEMO_USER_ID } from '../../src/store/seeds/demo-portfolio.ts';
import {
  fake,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../fakes/openai-compatible-server.ts';
import { startFakePolygonServer, type FakePolygonServer } from '../fakes/polygon-server.ts';
import { runAlex } from '../helpers/worker-process.ts';

const LLM_KEY = 'sk-alex-test-0123456789abcdefLEAK';
const POLYGON_KEY = 'pk-alex-test-9876543210zyxwLEAK';
const SPECIALIST_MODELS = ['fake-reporter', 'fake-charter', 'fake-retirement'] as const;

let directory: string;
let model: FakeOpenAiServer;
let polygon: FakePolygonServer;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'alex-faults-secrets-'));
  model = await startFakeOpenAiServer();
  // The fake accepts another key, so every request with ours is rejected, key quoted.
  polygon = await startFakePolygonServer({ apiKey: 'the-right-key', echoRejectedKey: true });
});

afterAll(async () => {
  await model.close();
  await polygon.close();
  rmSync(directory, { recursive: true, force: true });
});

function environment(): Record<string, string> {
  return {
    ALEX_DATA_DIR: join(directory, 'data'),
    ALEX_MODEL_REPORTER: `openai-compatible:${SPECIALIST_MODELS[0]}`,
    ALEX_MODEL_CHARTER: `openai-compatible:${SPECIALIST_MODELS[1]}`,
    ALEX_MODEL_RETIREMENT: `openai-compatible:${SPECIALIST_MODELS[2]}`,
    ALEX_LLM_BASE_URL: model.baseUrl,
    ALEX_LLM_API_KEY: LLM_KEY,
    POLYGON_API_KEY: POLYGON_KEY,
    POLYGON_BASE_URL: polygon.baseUrl,
    ALEX_LOG_LEVEL: 'debug',
  };
}

describe('secrets in error texts', () => {
  it('a key quoted back by the model server or Polygon reaches no output, log or record', async () => {
    // More rejections than a job can ask for: each specialist may try again.
    for (const name of SPECIALIST_MODELS) {
      model.scriptFor(
        name,
        Array.from({ length: 6 }, () => fake.unauthorizedEchoingKey()),
      );
    }

    const run = await runAlex(['analyze', '--demo', '--json'], {
      cwd: directory,
      env: environment(),
      timeoutMs: 90_000,
    });

    // The failing paths really ran: each specialist was rejected, and so was the Polygon key.
    const askedModels = new Set(model.requests.map((request) => request.body?.model));
    expect([...askedModels].sort()).toEqual([...SPECIALIST_MODELS].sort());
    expect(model.requests.every((request) => request.authorization === `Bearer ${LLM_KEY}`)).toBe(
      true,
    );
    expect(polygon.requests.length).toBeGreaterThan(0);

    const services = await createServices(loadConfig(environment()), { logger: silentLogger() });
    try {
      const jobs = await services.repositories.jobs.list(DEMO_USER_ID);
      expect(jobs).toHaveLength(1);
      const job = jobs[0];
      if (!job) throw new Error('no job');
      const runs = await services.repositories.agentRuns.list(job.id);
      const runErrors = runs.map((agentRun) => agentRun.error ?? '');
      const specialistErrors = runs
        .filter((agentRun) => agentRun.agent !== 'planner' && agentRun.agent !== 'tagger')
        .map((agentRun) => agentRun.error ?? '');
      expect(specialistErrors.length).toBeGreaterThanOrEqual(3);
      for (const error of specialistErrors)
        expect(error).toContain('Incorrect API key provided: [redacted]');
      expect(job.error).toContain('Incorrect API key provided: [redacted]');

      const everything = [run.stdout, run.stderr, job.error ?? '', ...runErrors].join('\n');
      expect(everything).toContain('Unknown API Key: [redacted]');
      expect(everything).not.toContain(LLM_KEY);
      expect(everything).not.toContain(POLYGON_KEY);
    } finally {
      await services.close();
    }
  }, 120_000);
});

describe('the process logger', () => {
  it('redacts a configured key from any log line, whatever field carries it', async () => {
    const modules = (name: string) => new URL(`../../src/${name}`, import.meta.url).href;
    // A process of its own: the logger writes to file descriptor 2.
    const script = [
      `const { createLogger } = await import(${JSON.stringify(modules('log.ts'))});`,
      `const { Secret } = await import(${JSON.stringify(modules('secret.ts'))});`,
      `const key = new Secret(${JSON.stringify(LLM_KEY)});`,
      `const logger = createLogger({ level: 'info' });`,
      'logger.warn({ error: `Incorrect API key provided: ${key.reveal()}` }, `retrying after ${key.reveal()}`);',
      'logger.flush();',
    ].join('\n');
    const { stderr } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '--eval',
      script,
    ]);
    expect(stderr).toContain('"error":"Incorrect API key provided: [redacted]"');
    expect(stderr).toContain('"msg":"retrying after [redacted]"');
    expect(stderr).not.toContain(LLM_KEY);
  });
});

describe('credentials in URL variables', () => {
  it.each([
    ['ALEX_LLM_BASE_URL', 'http://alex:hunter2-in-url@127.0.0.1:9/v1'],
    ['POLYGON_BASE_URL', 'https://alex:hunter2-in-url@127.0.0.1:9'],
    ['SQS_QUEUE_URL', 'https://alex:hunter2-in-url@sqs.example/1/q'],
  ])(
    '%s with user:password@ stops start-up (exit 3) naming it, not the password',
    async (variable, url) => {
      const run = await runAlex(['analyze', '--demo'], {
        cwd: directory,
        env: { ALEX_DATA_DIR: join(directory, 'data-unused'), [variable]: url },
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`${variable}: must not contain credentials (user:password@)`);
      expect(run.stdout + run.stderr).not.toContain('hunter2-in-url');
    },
  );
});
