// The six Lambda functions (five agents and the HTTP API) as they ship: each zip from `packageLambdas` is unpacked and its
// index.mjs run in a child Node process on recorded events, against the embedded database in a
// temporary data directory (ALEX_DATA_DIR; no model, no AWS). The unpacked copies sit inside the
// repository so the one driver the bundles leave out on purpose, PGlite (Lambda uses the Data
// API), is found in node_modules, as it would not be on Lambda.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { taggerOutputSchema } from '../../src/agents/tagger/index.ts';
import { loadConfig, MODEL_PROVIDERS } from '../../src/config.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from '../../src/contracts/payloads.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import {
  packageLambdas,
  ZIP_SIZE_TARGET_BYTES,
  type LambdaPackage,
} from '../../src/entry/aws/package-lambdas.ts';
import { readZip } from '../../src/entry/aws/zip.ts';
import { submitJob } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';
import { httpApiEvent } from '../helpers/http-api-event.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SQS_EVENT = readFileSync(
  new URL('../fixtures/lambda-events/sqs-two-records.json', import.meta.url),
  'utf8',
);
const run = promisify(execFile);

// One child process is one warm container: it imports the handler once and runs the events in
// turn, printing the responses as one JSON array. It then exits as Lambda would end the
// invocation, without waiting for timers: the embedded database keeps one of 10 s running,
// which Aurora (the database on Lambda) does not.
const RUNNER = `
const { handler } = await import(process.argv[1]);
const events = JSON.parse(await (await import('node:fs/promises')).readFile(process.argv[2], 'utf8'));
const responses = [];
for (const event of events) responses.push(await handler(event));
process.stdout.write(JSON.stringify(responses), () => process.exit(0));
`;

function readdirRecursive(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** The inputs of an output and of every output it imports statically (not through import()). */
function staticClosure(metafile: Metafile, outputPath: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    const output = metafile.outputs[path];
    if (!output || seen.has(path)) return;
    seen.add(path);
    for (const imported of output.imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(outputPath);
  return [...seen].flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {}));
}

describe('the Lambda bundles', () => {
  let workDir: string;
  let dataDir: string;
  let packages: LambdaPackage[];
  const jobIds = { all: '', reportOnly: '', chartsOnly: '' };

  async function withServices<T>(use: (services: Services) => Promise<T>): Promise<T> {
    const services = await createServices(loadConfig({ ALEX_DATA_DIR: dataDir }), {
      logger: silentLogger(),
    });
    try {
      return await use(services);
    } finally {
      await services.close();
    }
  }

  async function invokeBundle(
    agent: string,
    events: unknown[],
    extraEnv: Record<string, string> = {},
  ): Promise<unknown[]> {
    const eventsFile = join(workDir, `${agent}-events.json`);
    writeFileSync(eventsFile, JSON.stringify(events));
    const bundle = join(workDir, 'unzipped', agent, 'index.mjs');
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', RUNNER, bundle, eventsFile],
      // A clean environment: the embedded database, offline models, no AWS settings.
      {
        env: {
          PATH: process.env['PATH'],
          ALEX_DATA_DIR: dataDir,
          ALEX_LOG_LEVEL: 'silent',
          ...extraEnv,
        },
        // A cold start of the embedded database took up to 50 s on a busy 2-core machine.
        timeout: 120_000,
      },
    );
    return parseJson(stdout, z.array(z.unknown()), `${agent} responses`);
  }

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    workDir = mkdtempSync(join(ROOT, 'dist', 'lambda-test-'));
    dataDir = mkdtempSync(join(tmpdir(), 'alex-bundles-'));
    packages = await packageLambdas({ rootDir: ROOT, outDir: join(workDir, 'packages') });
    for (const item of packages) {
      for (const entry of readZip(readFileSync(item.zipPath))) {
        const target = join(workDir, 'unzipped', item.agent, ...entry.name.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, entry.data);
      }
    }
    await withServices(async ({ repositories }) => {
      await seedDemoPortfolio(repositories);
      const noQueue = { send: () => Promise.resolve() };
      const submit = async (agents?: Array<'reporter' | 'charter' | 'retirement'>) =>
        (
          await submitJob({ repositories, queue: noQueue }, DEMO_USER_ID, {
            analysis_type: 'portfolio_analysis',
            ...(agents ? { agents } : {}),
          })
        ).id;
      jobIds.all = await submit();
      jobIds.reportOnly = await submit(['reporter']);
      jobIds.chartsOnly = await submit(['charter']);
    });
    // Six esbuild runs (one per function) and a fresh embedded database, on a shared machine.
  }, 240_000);

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('each zip holds its code and the data files it reads, under 600 KB, its source maps beside it', () => {
    expect(packages.map((item) => item.agent)).toEqual([
      'planner',
      'tagger',
      'reporter',
      'charter',
      'retirement',
      'api',
    ]);
    for (const item of packages) {
      expect(item.zipBytes).toBeLessThan(ZIP_SIZE_TARGET_BYTES);
      expect(ZIP_SIZE_TARGET_BYTES).toBe(600_000);
      expect(item.files).toEqual(expect.arrayContaining(['data/reference-instruments.json']));
      // Besides the code (index.mjs and the chunks it imports), only files under data/ that the
      // code refers to; a folder's README is for people and stays out.
      const code = item.files.filter((file) => !file.startsWith('data/'));
      expect(code).toContain('index.mjs');
      expect(code.filter((file) => !/^(index|chunks\/[\w-]+)\.mjs$/.test(file))).toEqual([]);
      expect(item.files.filter((file) => /readme\.md$/i.test(file))).toEqual([]);
      // Every piece of code has its map, outside the zip.
      expect(readdirRecursive(item.sourceMapDir).sort()).toEqual(
        code.map((file) => `${file}.map`).sort(),
      );
      const bundle = code
        .map((file) => readFileSync(join(workDir, 'unzipped', item.agent, file), 'utf8'))
        .join('\n');
      expect(bundle).toContain('new URL("./data/reference-instruments.json",import.meta.url)');
      const index = readFileSync(join(workDir, 'unzipped', item.agent, 'index.mjs'), 'utf8');
      expect(index).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // PGlite and pg stay outside: only a dynamic import of each is left.
      expect(bundle).not.toMatch(/from\s*"@electric-sql\/pglite"/);
      expect(bundle).toContain('import("@electric-sql/pglite")');
    }
  });

  it('each function bundles only the agents it runs, and loads no model provider at start', () => {
    const agentsIn = (inputs: string[]) =>
      [
        ...new Set(
          inputs.flatMap((path) => /src\/agents\/(\w+)\/instructions\.ts$/.exec(path)?.[1] ?? []),
        ),
      ].sort();
    const providersIn = (inputs: string[]) =>
      inputs.flatMap((path) => /src\/llm\/providers\/([\w-]+)\.ts$/.exec(path)?.[1] ?? []).sort();
    const expected: Record<string, { atStart: string[]; inZip: string[] }> = {
      // The planner runs the Tagger in its process; the specialists only with
      // ALEX_AGENT_INVOKE=in-process, from chunks a Lambda planner never loads.
      planner: {
        atStart: ['planner', 'tagger'],
        inZip: ['charter', 'planner', 'reporter', 'retirement', 'tagger'],
      },
      tagger: { atStart: ['tagger'], inZip: ['tagger'] },
      reporter: { atStart: ['reporter'], inZip: ['reporter'] },
      charter: { atStart: ['charter'], inZip: ['charter'] },
      retirement: { atStart: ['retirement'], inZip: ['retirement'] },
      // The HTTP API runs no agent.
      api: { atStart: [], inZip: [] },
    };
    for (const item of packages) {
      const outputs = Object.entries(item.metafile.outputs);
      const index = outputs.find(([path]) => path.endsWith(`${item.agent}/index.mjs`));
      expect(index, `${item.agent}: index.mjs in the metafile`).toBeDefined();
      // What index.mjs imports statically is what a cold start loads.
      const staticInputs = staticClosure(item.metafile, index?.[0] ?? '');
      const zipInputs = outputs.flatMap(([, output]) => Object.keys(output.inputs));
      expect({
        atStart: agentsIn(staticInputs),
        inZip: agentsIn(zipInputs),
      }).toEqual(expected[item.agent]);
      // The provider modules (each wraps an SDK) load on a model's first call, not at start.
      expect(
        providersIn(staticInputs).filter((name) => MODEL_PROVIDERS.some((known) => known === name)),
        `${item.agent}: providers at start`,
      ).toEqual([]);
      // The agents carry Bedrock's provider; the API, which calls no model, none at all.
      const packaged = providersIn(zipInputs).filter((name) =>
        MODEL_PROVIDERS.some((known) => known === name),
      );
      expect(packaged).toEqual(item.agent === 'api' ? [] : ['bedrock']);
      if (item.agent === 'api') {
        expect(
          zipInputs.filter((path) => /node_modules\/@ai-sdk\/(?!provider)/.test(path)),
        ).toEqual([]);
        // Nor the AI SDK at start: only the knowledge embedder, loaded on demand, uses it.
        expect(staticInputs.filter((path) => /node_modules\/ai\//.test(path))).toEqual([]);
      }
      expect(
        staticInputs.some((path) => path.includes('node_modules/@ai-sdk/amazon-bedrock/')),
      ).toBe(false);
      expect(zipInputs.some((path) => path.includes('node_modules/@ai-sdk/gateway/'))).toBe(false);
      // The AWS SDK's ES module builds: the STS, SSO and sign-in clients of the other
      // credential sources load only where the environment holds no credentials (on Lambda it
      // holds the execution role's), not at every cold start.
      expect(
        staticInputs.filter((path) =>
          /node_modules\/@aws-sdk\/(nested-clients|credential-provider-(ini|sso|web-identity|process|login))\//.test(
            path,
          ),
        ),
        `${item.agent}: credential sources at start`,
      ).toEqual([]);
      // Only the planner and the API read a secret (ALEX_SECRETS_ARN); the others never load
      // the Secrets Manager client, and none of them loads it at start.
      expect(
        staticInputs.some((path) => path.includes('node_modules/@aws-sdk/client-secrets-manager/')),
        `${item.agent}: Secrets Manager at start`,
      ).toBe(false);
    }
  });

  it('the planner acknowledges a recorded SQS batch and a direct invoke, and finishes the jobs', async () => {
    const batch = parseJson(
      SQS_EVENT.replace('JOB_ID_1', jobIds.all).replace('JOB_ID_2', jobIds.reportOnly),
      z.unknown(),
    );
    const responses = await invokeBundle('planner', [batch, { job_id: jobIds.chartsOnly }]);
    expect(responses).toEqual([
      { batchItemFailures: [] },
      { job_id: jobIds.chartsOnly, outcome: 'completed' },
    ]);
    await withServices(async ({ repositories }) => {
      const all = await repositories.jobs.get(DEMO_USER_ID, jobIds.all);
      expect(all.status).toBe('completed');
      expect(reportPayloadSchema.parse(all.reportPayload).agent).toBe('reporter');
      expect(
        Object.keys(chartsPayloadSchema.parse(all.chartsPayload)).length,
      ).toBeGreaterThanOrEqual(4);
      expect(retirementPayloadSchema.parse(all.retirementPayload).agent).toBe('retirement');
      expect(summaryPayloadSchema.parse(all.summaryPayload).status_by_agent).toMatchObject({
        reporter: 'completed',
        charter: 'completed',
        retirement: 'completed',
      });
      const reportOnly = await repositories.jobs.get(DEMO_USER_ID, jobIds.reportOnly);
      expect(reportOnly).toMatchObject({ status: 'completed', chartsPayload: null });
      const chartsOnly = await repositories.jobs.get(DEMO_USER_ID, jobIds.chartsOnly);
      expect(chartsOnly).toMatchObject({ status: 'completed', reportPayload: null });
    });
    // Configured for SQS as on AWS, its cold start builds the SQS clients from the bundle (a
    // dynamically imported SDK package once left them undefined there); a finished job's
    // delivery is acknowledged without sending anything.
    const onSqs = await invokeBundle('planner', [{ job_id: jobIds.chartsOnly }], {
      ALEX_QUEUE: 'sqs',
      SQS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/alex-analysis-jobs',
      AWS_REGION: 'us-east-1',
    });
    expect(onSqs).toEqual([{ job_id: jobIds.chartsOnly, outcome: 'duplicate' }]);
  }, 180_000);

  it('each specialist writes its own payload for a job the planner has prepared', async () => {
    const outcomeSchema = z.object({ agent: z.string(), status: z.string(), model: z.string() });
    // Specialists write only into running jobs: put both finished jobs back in that state, as
    // when the planner has built the snapshot and is waiting for its specialists.
    await withServices(async ({ repositories }) => {
      for (const jobId of [jobIds.reportOnly, jobIds.chartsOnly]) {
        await repositories.jobs.requeue(jobId, ['completed']);
        await repositories.jobs.claim(jobId, new Date(Date.now() + 600_000));
      }
    });
    const [reporter] = await invokeBundle('reporter', [{ job_id: jobIds.chartsOnly }]);
    const [charter] = await invokeBundle('charter', [{ job_id: jobIds.reportOnly }]);
    const retirement = await invokeBundle('retirement', [
      { job_id: jobIds.reportOnly },
      { job_id: jobIds.chartsOnly },
    ]);
    for (const [agent, outcome] of [
      ['reporter', reporter],
      ['charter', charter],
      ['retirement', retirement[0]],
      ['retirement', retirement[1]],
    ] as const) {
      expect(outcomeSchema.parse(outcome)).toEqual({
        agent,
        status: 'completed',
        model: 'offline',
      });
    }
    await withServices(async ({ repositories }) => {
      const reportOnly = await repositories.jobs.get(DEMO_USER_ID, jobIds.reportOnly);
      expect(
        Object.keys(chartsPayloadSchema.parse(reportOnly.chartsPayload)).length,
      ).toBeGreaterThanOrEqual(4);
      expect(
        retirementPayloadSchema.parse(reportOnly.retirementPayload).results.simulations,
      ).toBeGreaterThan(0);
      const chartsOnly = await repositories.jobs.get(DEMO_USER_ID, jobIds.chartsOnly);
      expect(reportPayloadSchema.parse(chartsOnly.reportPayload).content.length).toBeGreaterThan(
        100,
      );
      expect(retirementPayloadSchema.parse(chartsOnly.retirementPayload).agent).toBe('retirement');
    });
    // Three cold starts of the embedded database, one after another.
  }, 180_000);

  it('the tagger classifies from the shipped reference data and by offline rules, and stores both', async () => {
    const [response] = await invokeBundle('tagger', [
      {
        instruments: [
          { symbol: 'VTI' },
          { symbol: 'ZZBND', name: 'Example Total Bond Market Fund' },
        ],
      },
    ]);
    const { classified, model } = z
      .object({ classified: taggerOutputSchema, model: z.string() })
      .parse(response);
    expect(model).toBe('offline');
    expect(classified.map((item) => [item.symbol, item.classification_source])).toEqual([
      ['VTI', 'reference'],
      ['ZZBND', 'heuristic'],
    ]);
    expect(classified[1]?.allocation_asset_class).toEqual({ fixed_income: 100 });
    await withServices(async ({ repositories }) => {
      const stored = await repositories.instruments.get(['ZZBND']);
      expect(stored.map((instrument) => instrument.symbol)).toEqual(['ZZBND']);
    });
  });

  it('a model provider left out of the package fails the model call, saying how to package it', async () => {
    const invoke = invokeBundle(
      'tagger',
      [{ instruments: [{ symbol: 'ZZNEW', name: 'Example New Fund' }] }],
      { ALEX_MODEL: 'openai:gpt-4.1-mini', OPENAI_API_KEY: 'sk-test-not-used' },
    );
    await expect(invoke).rejects.toThrowError(
      /ALEX_MODEL: the openai provider is not in this Lambda bundle; package it with `npm run package -- --providers openai`/,
    );
  }, 150_000);

  it('the API function answers API Gateway events from its zip, and refuses local auth', async () => {
    const responseSchema = z.object({ statusCode: z.number(), body: z.string() });
    // As Terraform configures it, but with the token as a plain variable (no Secrets Manager
    // here) and a queue that is never sent to: these requests submit no job.
    const env = {
      ALEX_AUTH: 'token',
      ALEX_API_TOKEN: 'bundle-test-token-0123456789',
      ALEX_QUEUE: 'sqs',
      SQS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/alex-analysis-jobs',
      AWS_REGION: 'us-east-1',
    };
    const [health, user] = (
      await invokeBundle(
        'api',
        [
          httpApiEvent('GET', '/health'),
          httpApiEvent('GET', '/api/user', {
            headers: { authorization: 'Bearer bundle-test-token-0123456789' },
          }),
        ],
        env,
      )
    ).map((response) => responseSchema.parse(response));
    expect(health, health?.body).toMatchObject({ statusCode: 200 });
    expect(user?.statusCode).toBe(200);
    expect(
      parseJson(user?.body ?? '', z.object({ user: z.object({ clerk_user_id: z.string() }) })),
    ).toMatchObject({ user: { clerk_user_id: 'token' } });
    const [refused] = await invokeBundle('api', [httpApiEvent('GET', '/health')], {
      ...env,
      ALEX_AUTH: 'local',
    });
    expect(responseSchema.parse(refused)).toMatchObject({ statusCode: 503 });
    expect(responseSchema.parse(refused).body).toContain('ALEX_AUTH: is local');
  }, 150_000);

  it('a malformed event fails the invoke with the field named', async () => {
    await expect(invokeBundle('charter', [{ job_id: 'not-a-uuid' }])).rejects.toThrowError(
      /event\.job_id/,
    );
  });
});
