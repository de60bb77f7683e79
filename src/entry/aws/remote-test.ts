import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { taggerOutputSchema } from '../../agents/tagger/index.ts';
import {
  FINISHED_JOB_STATUSES,
  SPECIALIST_NAMES,
  type AgentName,
  type SpecialistName,
} from '../../contracts/jobs.ts';
import {
  chartsPayloadSchema,
  reportPayloadSchema,
  retirementPayloadSchema,
  summaryPayloadSchema,
} from '../../contracts/payloads.ts';
import { ConfigError, InputError, NotFoundError, describeError } from '../../errors.ts';
import { submitJob } from '../../jobs/index.ts';
import { parseJson } from '../../parse-json.ts';
import { createSqsQueue } from '../../queue/sqs-queue.ts';
import type { Job, Repositories } from '../../store/repositories/index.ts';
import { DEMO_USER_ID } from '../../store/seeds/demo-portfolio.ts';
import type { AwsTargets } from './aws-targets.ts';
import { callAws } from './call-aws.ts';
import { LIVE_ALIAS } from './live-alias.ts';

// `alex aws test`: the seed's remote tests, with assertions. Without --agent, the full system:
// a job row in the deployed database, its id on the SQS queue, the planner and the specialists
// in Lambda. With --agent tagger, the tagger function classifies symbols; with --agent planner
// or a specialist, a job (for that specialist only) is handed straight to the planner function.
// Every payload is checked against its contract in src/contracts/payloads.ts. The command only
// reads and submits: it never migrates or seeds the deployed database (`alex aws migrate` does),
// and it invokes the functions' live aliases, what real requests reach.

export interface RemoteTestClients {
  lambda: Pick<LambdaClient, 'send'>;
  sqs: SQSClient;
}

export interface RemoteTestOptions {
  /** Undefined: the full system through SQS. */
  agent: AgentName | undefined;
  targets: AwsTargets;
  /** The deployed database (Aurora through the Data API); not needed for the tagger. */
  repositories: Repositories | undefined;
  userId: string;
  /** Symbols the tagger test classifies. */
  symbols: readonly string[];
  timeoutMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  print: (line: string) => void;
}

export interface RemoteCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface RemoteTestResult {
  passed: boolean;
  checks: RemoteCheck[];
  jobId: string | undefined;
}

const PAYLOAD_CONTRACTS = {
  reporter: { column: 'reportPayload', schema: reportPayloadSchema },
  charter: { column: 'chartsPayload', schema: chartsPayloadSchema },
  retirement: { column: 'retirementPayload', schema: retirementPayloadSchema },
} as const;

/** One line about a valid payload, for the test's output. */
function describePayload(agent: SpecialistName, payload: unknown): string {
  if (agent === 'reporter') {
    const report = reportPayloadSchema.parse(payload);
    return `${report.content.length} characters by ${report.model}, ${report.fact_check.mismatches.length} fact-check mismatches`;
  }
  if (agent === 'charter')
    return `${Object.keys(chartsPayloadSchema.parse(payload)).length} charts`;
  const retirement = retirementPayloadSchema.parse(payload);
  return `${retirement.results.simulations} simulations by ${retirement.model}, success ${retirement.results.success_probability}%`;
}

const taggerResponseSchema = z.object({ classified: taggerOutputSchema, model: z.string() });

export async function runRemoteTest(
  clients: RemoteTestClients,
  options: RemoteTestOptions,
): Promise<RemoteTestResult> {
  const checks: RemoteCheck[] = [];
  const check = (name: string, passed: boolean, detail: string) => {
    checks.push({ name, passed, detail });
    options.print(`${passed ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
  };
  let jobId: string | undefined;
  if (options.agent === 'tagger') {
    await testTagger(clients.lambda, options, check);
  } else {
    jobId = await testJob(clients, options, check);
  }
  return { passed: checks.length > 0 && checks.every((item) => item.passed), checks, jobId };
}

type Check = (name: string, passed: boolean, detail: string) => void;

async function testTagger(
  lambda: RemoteTestClients['lambda'],
  options: RemoteTestOptions,
  check: Check,
): Promise<void> {
  const functionName = options.targets.functionNames.tagger;
  const event = { instruments: options.symbols.map((symbol) => ({ symbol })) };
  const text = await invoke(lambda, functionName, event, options.timeoutMs, check);
  if (text === undefined) return;
  let response: z.infer<typeof taggerResponseSchema>;
  try {
    response = parseJson(text, taggerResponseSchema, `${functionName} response`);
  } catch (error) {
    check('classification contract', false, describeError(error));
    return;
  }
  check(
    'classification contract',
    true,
    `${response.classified.length} classified by ${response.model}`,
  );
  const classified = response.classified.map((item) => item.symbol).sort();
  const expected = [...options.symbols].sort();
  check(
    'every symbol classified once',
    JSON.stringify(classified) === JSON.stringify(expected),
    `asked ${expected.join(', ')}; got ${classified.join(', ') || 'none'}`,
  );
  for (const item of response.classified) {
    const assetClasses = Object.entries(item.allocation_asset_class)
      .map(([key, pct]) => `${key} ${pct}%`)
      .join(', ');
    options.print(
      `     ${item.symbol}: ${item.instrument_type}, ${assetClasses} (${item.classification_source}, ${item.confidence})`,
    );
  }
}

async function testJob(
  clients: RemoteTestClients,
  options: RemoteTestOptions,
  check: Check,
): Promise<string | undefined> {
  const repositories = options.repositories;
  if (!repositories)
    throw new ConfigError(
      'AURORA_CLUSTER_ARN',
      'the job test creates its job in the deployed database: set AURORA_CLUSTER_ARN and AURORA_SECRET_ARN',
    );
  if (!(await userExists(repositories, options, check))) return undefined;
  const specialist = SPECIALIST_NAMES.find((name) => name === options.agent);
  const request = {
    analysis_type: 'portfolio_analysis' as const,
    ...(specialist ? { agents: [specialist] } : {}),
  };
  let job: Job;
  if (options.agent === undefined) {
    const queueUrl = options.targets.queueUrl;
    if (!queueUrl) throw new ConfigError('--queue-url', 'the job queue is unknown');
    job = await submitJob(
      { repositories, queue: createSqsQueue({ client: clients.sqs, queueUrl }) },
      options.userId,
      request,
    );
    check('job queued', true, `job ${job.id} sent to ${queueUrl}`);
  } else {
    job = await repositories.jobs.create(options.userId, request);
    const planner = options.targets.functionNames.planner;
    const text = await invoke(
      clients.lambda,
      planner,
      { job_id: job.id },
      options.timeoutMs,
      check,
    );
    if (text === undefined) return job.id;
  }
  let finished: Job | undefined;
  try {
    finished = await waitForJob(repositories, options, job.id);
  } catch (error) {
    // The job repository checks every payload against its contract as it reads the row.
    if (!(error instanceof InputError)) throw error;
    check('payload contracts', false, `job ${job.id}: ${error.message}`);
    return job.id;
  }
  if (!finished) {
    check(
      'job finished',
      false,
      `still not finished after ${Math.round(options.timeoutMs / 1000)} s; see \`alex aws logs --agent planner --job ${job.id}\``,
    );
    return job.id;
  }
  checkFinishedJob(finished, specialist, check);
  return job.id;
}

function checkFinishedJob(job: Job, specialist: SpecialistName | undefined, check: Check): void {
  check(
    'job completed',
    job.status === 'completed',
    job.status === 'completed'
      ? `job ${job.id}`
      : `job ${job.id} is ${job.status}: ${job.error ?? 'no error recorded'}`,
  );
  const summary = summaryPayloadSchema.safeParse(job.summaryPayload);
  check(
    'summary contract',
    summary.success,
    summary.success
      ? summary.data.summary.slice(0, 120)
      : (summary.error.issues[0]?.message ?? 'invalid'),
  );
  const statusByAgent = summary.success ? summary.data.status_by_agent : {};
  for (const agent of SPECIALIST_NAMES) {
    const { column, schema } = PAYLOAD_CONTRACTS[agent];
    const payload = job[column];
    const required =
      specialist === agent || (specialist === undefined && statusByAgent[agent] === 'completed');
    if (payload === null) {
      if (required || (specialist === undefined && statusByAgent[agent] === 'failed'))
        check(`${agent} payload`, false, `missing (${statusByAgent[agent] ?? 'not run'})`);
      continue;
    }
    const parsed = schema.safeParse(payload);
    check(
      `${agent} contract`,
      parsed.success,
      parsed.success
        ? describePayload(agent, payload)
        : parsed.error.issues
            .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
            .join('; '),
    );
  }
}

/** Invokes a function synchronously; returns its response text, or records why it failed. */
async function invoke(
  lambda: RemoteTestClients['lambda'],
  functionName: string,
  event: unknown,
  timeoutMs: number,
  check: Check,
): Promise<string | undefined> {
  try {
    const response = await callAws(`invoking ${functionName}:${LIVE_ALIAS}`, () =>
      lambda.send(
        new InvokeCommand({
          FunctionName: `${functionName}:${LIVE_ALIAS}`,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      ),
    );
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
    if (response.FunctionError) {
      check(`${functionName} invoke`, false, `${response.FunctionError}: ${text.slice(0, 500)}`);
      return undefined;
    }
    check(`${functionName} invoke`, true, `status ${response.StatusCode ?? '?'}`);
    return text;
  } catch (error) {
    check(`${functionName} invoke`, false, describeError(error));
    return undefined;
  }
}

/** Polls the job until it is finished; undefined if the time runs out first. */
async function waitForJob(
  repositories: Repositories,
  options: Pick<RemoteTestOptions, 'userId' | 'timeoutMs' | 'pollMs' | 'sleep' | 'print'>,
  jobId: string,
): Promise<Job | undefined> {
  let lastStatus = '';
  for (let waitedMs = 0; ; waitedMs += options.pollMs) {
    const job = await repositories.jobs.get(options.userId, jobId);
    if (job.status !== lastStatus) {
      options.print(`     job ${jobId}: ${job.status}`);
      lastStatus = job.status;
    }
    if (FINISHED_JOB_STATUSES.includes(job.status)) return job;
    if (waitedMs >= options.timeoutMs) return undefined;
    await options.sleep(options.pollMs);
  }
}

/** The test user must exist; creating it would be a write the test may not make. */
async function userExists(
  repositories: Repositories,
  options: RemoteTestOptions,
  check: Check,
): Promise<boolean> {
  try {
    await repositories.users.get(options.userId);
    return true;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const fix =
      options.userId === DEMO_USER_ID
        ? 'run `alex aws migrate --with-demo-user` to create the demo user, or pass --user'
        : 'pass --user with a user of the deployed database';
    check('test user', false, `${options.userId} does not exist in the deployed database: ${fix}`);
    return false;
  }
}
