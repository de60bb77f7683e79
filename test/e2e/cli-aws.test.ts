// `alex deploy`, `alex aws migrate`, `alex aws test` and `alex aws logs` through commander, in
// process, with the AWS SDK clients mocked (aws-sdk-client-mock). For `aws test` the mocked
// Lambda and SQS hand the events to the real planner and tagger handlers over an embedded
// database, which stands in for Aurora: the command creates its job there, waits for it and
// checks the real payloads.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';
import type { AuroraDatabaseTarget } from '../../src/entry/aws/aurora-migrate.ts';
import type { TerraformOutputs } from '../../src/entry/aws/aws-targets.ts';
import type { PackageOptions } from '../../src/entry/aws/package-lambdas.ts';
import {
  registerAwsCommands,
  type AwsCommandDependencies,
} from '../../src/entry/cli/commands/aws.ts';
import type { CommandContext } from '../../src/entry/cli/context.ts';
import { exitCodeFor } from '../../src/entry/cli/output.ts';
import { createServices, type Services } from '../../src/entry/compose.ts';
import { createPlannerHandler } from '../../src/entry/lambda/planner.ts';
import { createLambdaRuntime } from '../../src/entry/lambda/runtime.ts';
import { createTaggerHandler } from '../../src/entry/lambda/tagger.ts';
import { silentLogger } from '../../src/log.ts';
import { parseJson } from '../../src/parse-json.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../src/store/seeds/demo-portfolio.ts';

const BUCKET = 'alex-agent-code-111122223333-us-east-1';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/alex-analysis-jobs';
const TERRAFORM_OUTPUTS: TerraformOutputs = {
  aws_region: { value: 'us-east-1' },
  code_bucket: { value: BUCKET },
  lambda_functions: {
    value: {
      planner: 'alex-planner',
      tagger: 'alex-tagger',
      reporter: 'alex-reporter',
      charter: 'alex-charter',
      retirement: 'alex-retirement',
    },
  },
  sqs_queue_url: { value: QUEUE_URL },
  aurora_cluster_arn: { value: 'arn:aws:rds:us-east-1:111122223333:cluster:alex-aurora-cluster' },
  aurora_master_secret_arn: {
    value: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:alex-aurora-credentials-x1',
  },
  aurora_app_secret_arn: {
    value: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:alex/agents/aurora-app-user-z9',
  },
  aurora_app_username: { value: 'alex_app' },
  aurora_database: { value: 'alex' },
};
const AURORA_ENV = {
  AURORA_CLUSTER_ARN: 'arn:aws:rds:us-east-1:111122223333:cluster:alex-aurora-cluster',
  AURORA_SECRET_ARN:
    'arn:aws:secretsmanager:us-east-1:111122223333:secret:alex-aurora-credentials-x1',
};
const jobEventSchema = z.object({ job_id: z.string() });

const s3 = mockClient(S3Client);
const lambda = mockClient(LambdaClient);
const sqs = mockClient(SQSClient);
const logs = mockClient(CloudWatchLogsClient);

describe('alex deploy / aws test / aws logs (in process, AWS mocked)', () => {
  let rootDir: string;
  let dataDir: string;
  let services: Services;
  let planner: (event: unknown) => Promise<unknown>;
  let tagger: (event: unknown) => Promise<unknown>;
  /** What the fake clock does when the command sleeps (e.g. SQS delivering to the planner). */
  let onSleep: () => Promise<void>;
  let sleeps: number[];
  let packaged: PackageOptions[];
  /** What the database step was asked to do, in order with the AWS calls. */
  let migrations: Array<{ target: AuroraDatabaseTarget; withDemoUser: boolean }>;
  let configEnv: Record<string, string>;

  const context: CommandContext = {
    config: () => loadConfig(configEnv),
    services: () => Promise.reject(new Error('aws commands open the deployed database themselves')),
    close: () => Promise.resolve(),
  };

  async function alex(
    args: string[],
  ): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    const dependencies: AwsCommandDependencies = {
      rootDir,
      clients: () =>
        Promise.resolve({
          s3: new S3Client({ region: 'us-east-1' }),
          lambda: new LambdaClient({ region: 'us-east-1' }),
          sqs: new SQSClient({ region: 'us-east-1' }),
          logs: new CloudWatchLogsClient({ region: 'us-east-1' }),
        }),
      readOutputs: () => Promise.resolve(TERRAFORM_OUTPUTS),
      packageLambdas: (options) => {
        packaged.push(options);
        for (const agent of options.agents ?? [])
          writeFileSync(join(options.outDir ?? '', `${agent}.zip`), `new ${agent}`);
        return Promise.resolve([]);
      },
      sleep: async (ms) => {
        sleeps.push(ms);
        await onSleep();
      },
      now: () => Date.parse('2026-11-24T12:00:00Z'),
      // The embedded database plays Aurora; the command closes what it opened, not the suite's.
      openDeployedDatabase: () => Promise.resolve({ ...services, close: () => Promise.resolve() }),
      migrateDatabase: (target, options) => {
        migrations.push({ target, withDemoUser: options.withDemoUser });
        return Promise.resolve();
      },
    };
    const program = new Command('alex').exitOverride();
    registerAwsCommands(program, context, dependencies);
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'alex', ...args]);
      return { stdout, stderr, exitCode: Number(process.exitCode ?? 0) };
    } catch (error) {
      return { stdout, stderr: `${stderr}${String(error)}`, exitCode: exitCodeFor(error) };
    } finally {
      process.exitCode = undefined;
      vi.restoreAllMocks();
    }
  }

  beforeAll(async () => {
    rootDir = mkdtempSync(join(tmpdir(), 'alex-aws-root-'));
    dataDir = mkdtempSync(join(tmpdir(), 'alex-aws-db-'));
    services = await createServices(loadConfig({ ALEX_DATA_DIR: dataDir }), {
      logger: silentLogger(),
    });
    // As `alex aws migrate --with-demo-user` leaves it: `aws test` creates no user.
    await seedDemoPortfolio(services.repositories);
    const runtime = await createLambdaRuntime(services);
    planner = createPlannerHandler(() => Promise.resolve(runtime));
    tagger = createTaggerHandler(() => Promise.resolve(runtime));
  });
  afterAll(async () => {
    await services.close();
    rmSync(rootDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const client of [s3, lambda, sqs, logs]) client.reset();
    sleeps = [];
    packaged = [];
    migrations = [];
    configEnv = { ...AURORA_ENV, AWS_REGION: 'us-east-1' };
    onSleep = () => Promise.resolve();
    const packageDir = join(rootDir, 'dist', 'lambda');
    rmSync(packageDir, { recursive: true, force: true });
    mkdirSync(packageDir, { recursive: true });
    for (const name of ['planner', 'tagger', 'reporter', 'charter', 'retirement', 'api'])
      writeFileSync(join(packageDir, `${name}.zip`), `zip of ${name}`);
    // Functions answer as the real handlers would.
    lambda
      .on(InvokeCommand, { FunctionName: 'alex-planner:live' })
      .callsFake(async (input: { Payload: Uint8Array }) => ({
        StatusCode: 200,
        Payload: new TextEncoder().encode(JSON.stringify(await planner(decode(input.Payload)))),
      }));
    lambda
      .on(InvokeCommand, { FunctionName: 'alex-tagger:live' })
      .callsFake(async (input: { Payload: Uint8Array }) => ({
        StatusCode: 200,
        Payload: new TextEncoder().encode(JSON.stringify(await tagger(decode(input.Payload)))),
      }));
  });
  afterEach(() => vi.restoreAllMocks());

  function decode(payload: Uint8Array): unknown {
    return parseJson(new TextDecoder().decode(payload), z.unknown(), 'payload');
  }

  it('deploy --dry-run prints the plan from the Terraform outputs and calls nothing', async () => {
    const result = await alex(['deploy', '--dry-run']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(
      new RegExp(
        `^would upload .*tagger\\.zip \\(0\\.00 MB, sha256 \\S+\\) to s3://${BUCKET}/lambda/tagger\\.zip, update and publish alex-tagger and move its live alias$`,
      ),
    );
    expect(lines[4]).toContain('update and publish alex-planner');
    // The HTTP API's function last (its Terraform output is absent here: the default name).
    expect(lines[5]).toMatch(
      /api\.zip .* to s3:\/\/\S+\/lambda\/api\.zip, update and publish alex-api /,
    );
    expect(lines[6]).toBe('dry run: nothing was uploaded or changed');
    expect(s3.calls()).toHaveLength(0);
    expect(lambda.calls()).toHaveLength(0);
    expect(migrations).toEqual([]);
  });

  it('deploy --package --agent tagger builds that zip, migrates, uploads it and switches that function only', async () => {
    s3.on(PutObjectCommand).resolves({ VersionId: 'v7' });
    lambda.on(UpdateFunctionCodeCommand).callsFake(() => {
      // The database step ran before any function changed.
      expect(migrations).toHaveLength(1);
      // Lambda reports the SHA-256 of the code it now runs: the rebuilt zip.
      return { CodeSha256: createHash('sha256').update('new tagger').digest('base64') };
    });
    lambda.on(GetFunctionConfigurationCommand).resolves({ LastUpdateStatus: 'Successful' });
    lambda.on(PublishVersionCommand).resolves({ Version: '12' });
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '11', Description: 'previous=10' });
    lambda.on(UpdateAliasCommand).resolves({});
    const result = await alex(['deploy', '--package', '--agent', 'tagger']);
    expect(result.exitCode).toBe(0);
    expect(migrations).toEqual([
      {
        target: {
          clusterArn: 'arn:aws:rds:us-east-1:111122223333:cluster:alex-aurora-cluster',
          masterSecretArn:
            'arn:aws:secretsmanager:us-east-1:111122223333:secret:alex-aurora-credentials-x1',
          appSecretArn:
            'arn:aws:secretsmanager:us-east-1:111122223333:secret:alex/agents/aurora-app-user-z9',
          appUsername: 'alex_app',
          database: 'alex',
          region: 'us-east-1',
        },
        withDemoUser: false,
      },
    ]);
    expect(lambda.commandCalls(UpdateAliasCommand).map((call) => call.args[0].input)).toEqual([
      {
        FunctionName: 'alex-tagger',
        Name: 'live',
        FunctionVersion: '12',
        Description: 'previous=11',
      },
    ]);
    expect(packaged).toEqual([
      { rootDir, outDir: join(rootDir, 'dist', 'lambda'), agents: ['tagger'] },
    ]);
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
      'lambda/tagger.zip',
    ]);
    expect(
      lambda.commandCalls(UpdateFunctionCodeCommand).map((call) => call.args[0].input),
    ).toEqual([
      {
        FunctionName: 'alex-tagger',
        S3Bucket: BUCKET,
        S3Key: 'lambda/tagger.zip',
        S3ObjectVersion: 'v7',
      },
    ]);
    expect(result.stdout).toContain('updated alex-tagger, published version 12');
    expect(result.stdout).toContain('alex-tagger: live 11 -> 12');
  });

  it('deploy --rollback moves the aliases back and uploads nothing', async () => {
    lambda.on(GetAliasCommand).resolves({ FunctionVersion: '12', Description: 'previous=11' });
    lambda.on(UpdateAliasCommand).resolves({});
    const result = await alex(['deploy', '--rollback']);
    expect(result.exitCode).toBe(0);
    expect(
      lambda.commandCalls(UpdateAliasCommand).map((call) => call.args[0].input.FunctionName),
    ).toEqual([
      'alex-api',
      'alex-planner',
      'alex-retirement',
      'alex-charter',
      'alex-reporter',
      'alex-tagger',
    ]);
    expect(lambda.commandCalls(UpdateAliasCommand)[0]?.args[0].input).toMatchObject({
      FunctionVersion: '11',
      Description: 'previous=12',
    });
    expect(s3.calls()).toHaveLength(0);
    expect(migrations).toEqual([]);
    expect(result.stderr).toContain('rolled back');
  });

  it('aws migrate takes the database from the Terraform outputs', async () => {
    const result = await alex(['aws', 'migrate', '--with-demo-user']);
    expect(result.exitCode).toBe(0);
    expect(migrations).toEqual([
      {
        target: expect.objectContaining({
          masterSecretArn:
            'arn:aws:secretsmanager:us-east-1:111122223333:secret:alex-aurora-credentials-x1',
          region: 'us-east-1',
        }) as unknown,
        withDemoUser: true,
      },
    ]);
  });

  it('deploy exits 1 when a function cannot be updated', async () => {
    s3.on(PutObjectCommand).resolves({});
    lambda
      .on(UpdateFunctionCodeCommand)
      .rejects(new Error('ResourceNotFoundException: Function not found: alex-planner'));
    const result = await alex(['deploy']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /updating alex-tagger: .*ResourceNotFoundException.*no function had been updated; no live alias was moved/,
    );
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(1);
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
  });

  it('aws test: a job row, its id on SQS, the planner consuming it, every payload on contract', async () => {
    let delivered: string | undefined;
    sqs.on(SendMessageCommand).callsFake((input: { MessageBody: string }) => {
      delivered = input.MessageBody;
      return { MessageId: 'm-1' };
    });
    // While the command waits, SQS delivers the message to the planner function.
    onSleep = async () => {
      if (!delivered) return;
      const body = delivered;
      delivered = undefined;
      expect(
        await planner({ Records: [{ messageId: 'm-1', body, eventSource: 'aws:sqs' }] }),
      ).toEqual({
        batchItemFailures: [],
      });
    };
    const result = await alex(['aws', 'test']);
    expect(result.stderr).toContain('aws test passed');
    expect(result.exitCode).toBe(0);
    const send = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(send?.QueueUrl).toBe(QUEUE_URL);
    const jobId = parseJson(send?.MessageBody ?? '', jobEventSchema).job_id;
    expect(result.stdout).toContain(`job ${jobId}: pending`);
    expect(result.stdout).toContain(`job ${jobId}: completed`);
    for (const check of [
      'job completed',
      'summary contract',
      'reporter contract',
      'charter contract',
      'retirement contract',
    ])
      expect(result.stdout).toMatch(new RegExp(`^PASS ${check}: `, 'm'));
    expect(result.stdout).not.toMatch(/created the demo user/);
    expect(sleeps).toEqual([5000]);
    expect((await services.repositories.jobs.get(DEMO_USER_ID, jobId)).status).toBe('completed');
  });

  it('aws test --agent reporter hands a reporter-only job straight to the planner function', async () => {
    const result = await alex(['aws', 'test', '--agent', 'reporter']);
    expect(result.exitCode).toBe(0);
    const invoke = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(invoke).toMatchObject({
      FunctionName: 'alex-planner:live',
      InvocationType: 'RequestResponse',
    });
    const jobId = jobEventSchema.parse(decode(invoke?.Payload as Uint8Array)).job_id;
    const job = await services.repositories.jobs.get(DEMO_USER_ID, jobId);
    expect(job.request.agents).toEqual(['reporter']);
    expect(result.stdout).toMatch(/^PASS reporter contract: \d+ characters by offline/m);
    expect(result.stdout).not.toMatch(/charter contract/);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('aws test --agent tagger checks the classification contract of each symbol', async () => {
    const result = await alex(['aws', 'test', '--agent', 'tagger', '--symbol', 'VTI', 'BND']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^PASS classification contract: 2 classified by offline$/m);
    expect(result.stdout).toMatch(
      /^PASS every symbol classified once: asked BND, VTI; got BND, VTI$/m,
    );
    expect(result.stdout).toContain('VTI: etf, equity 100% (reference, high)');
  });

  it('aws test exits 1 when the planner function fails', async () => {
    lambda.on(InvokeCommand, { FunctionName: 'alex-planner:live' }).callsFake(() => ({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: new TextEncoder().encode('{"errorMessage":"Task timed out after 900.00 seconds"}'),
    }));
    const result = await alex(['aws', 'test', '--agent', 'planner']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^FAIL alex-planner invoke: Unhandled: .*Task timed out/m);
    expect(result.stderr).toContain('aws test FAILED: 1 of 1 checks');
  });

  it('aws test exits 1 when a payload breaks its contract', async () => {
    lambda
      .on(InvokeCommand, { FunctionName: 'alex-planner:live' })
      .callsFake(async (input: { Payload: Uint8Array }) => {
        const event = jobEventSchema.parse(decode(input.Payload));
        const response = await planner(event);
        // A broken deployment writing an off-contract payload after the job finished (the
        // repositories refuse such a late write, so it goes straight to the table).
        await services.database.db
          .updateTable('jobs')
          .set({ charts_payload: JSON.stringify({ only_one: { title: 'x' } }) })
          .where('id', '=', event.job_id)
          .execute();
        return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(response)) };
      });
    const result = await alex(['aws', 'test', '--agent', 'charter']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^FAIL payload contracts: job \S+: jobs\.charts_payload/m);
  });

  it('aws test exits 1 when the job does not finish in time', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'lost' });
    const result = await alex(['aws', 'test', '--timeout', '10']);
    expect(result.exitCode).toBe(1);
    expect(sleeps).toEqual([5000, 5000]);
    expect(result.stdout).toMatch(
      /^FAIL job finished: still not finished after 10 s; see `alex aws logs --agent planner --job /m,
    );
  });

  it('aws test refuses when the configured region is not the deployment’s', async () => {
    configEnv = { ...AURORA_ENV, AWS_REGION: 'eu-west-1' };
    const result = await alex(['aws', 'test', '--agent', 'reporter']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain(
      'AWS_REGION: is eu-west-1, but the deployment is in us-east-1: set AWS_REGION=us-east-1',
    );
    expect(lambda.calls()).toHaveLength(0);
  });

  it('aws test refuses a database in another region than the deployment', async () => {
    configEnv = {
      AURORA_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:111122223333:cluster:alex-aurora-cluster',
      AURORA_SECRET_ARN: AURORA_ENV.AURORA_SECRET_ARN,
    };
    const result = await alex(['aws', 'test', '--agent', 'charter']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain(
      'AURORA_CLUSTER_ARN: names a cluster in eu-west-1, but the deployment is in us-east-1',
    );
  });

  it('aws test creates no user: a missing one fails the test with the command that makes it', async () => {
    const result = await alex([
      'aws',
      'test',
      '--agent',
      'reporter',
      '--user',
      '0b7a8c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL test user: 0b7a8c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d does not exist in the deployed database: pass --user/m,
    );
    expect(lambda.calls()).toHaveLength(0);
  });

  it('aws test of a job needs the deployed database', async () => {
    const embedded: CommandContext = {
      ...context,
      config: () => loadConfig({ ALEX_DATA_DIR: dataDir }),
    };
    const program = new Command('alex').exitOverride();
    registerAwsCommands(program, embedded, {
      rootDir,
      clients: () => Promise.reject(new Error('no client expected')),
      readOutputs: () => Promise.resolve(TERRAFORM_OUTPUTS),
      sleep: () => Promise.resolve(),
      now: () => 0,
    });
    const failure = program.parseAsync(['node', 'alex', 'aws', 'test', '--agent', 'retirement']);
    await expect(failure).rejects.toThrowError(
      /AURORA_CLUSTER_ARN: `alex aws test` creates its job in the deployed database/,
    );
    await failure.catch((error: unknown) => expect(exitCodeFor(error)).toBe(3));
  });

  it('aws logs --agent planner --job prints that job’s lines', async () => {
    const jobId = '5b0c9d8e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        {
          eventId: 'e1',
          timestamp: Date.parse('2026-11-24T11:58:00Z'),
          message: JSON.stringify({ level: 30, event: 'job-finish', jobId, status: 'completed' }),
        },
      ],
    });
    const result = await alex([
      'aws',
      'logs',
      '--agent',
      'planner',
      '--job',
      jobId,
      '--since',
      '5',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      `2026-11-24T11:58:00.000Z planner    INFO job-finish jobId=${jobId}\n`,
    );
    expect(logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toEqual({
      logGroupName: '/aws/lambda/alex-planner',
      startTime: Date.parse('2026-11-24T11:55:00Z'),
      filterPattern: `{ $.jobId = "${jobId}" }`,
    });
  });
});
