import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetFunctionConfigurationCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AgentName } from '../../contracts/jobs.ts';
import { InputError, TimeoutError, UpstreamError, describeError } from '../../errors.ts';
import type { AwsTargets } from './aws-targets.ts';
import { formatMegabytes } from './package-lambdas.ts';

// `alex deploy`: the zips from `npm run package` go to the code bucket under the keys Terraform
// uses (lambda/<agent>.zip), and each function is pointed at the exact object version uploaded.
// Nothing else changes: configuration, permissions and triggers stay Terraform's.

export interface DeployClients {
  s3: Pick<S3Client, 'send'>;
  lambda: Pick<LambdaClient, 'send'>;
}

export interface DeployOptions {
  /** Directory holding <agent>.zip (dist/lambda). */
  packageDir: string;
  agents: readonly AgentName[];
  targets: AwsTargets & { codeBucket: string };
  dryRun: boolean;
  print: (line: string) => void;
  /** How long one function may take to apply new code; default 5 minutes. */
  updateTimeoutMs?: number;
  /** Pause between status checks; injected by tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DeployedFunction {
  agent: AgentName;
  functionName: string;
  key: string;
  versionId: string | undefined;
  codeSha256: string;
}

const UPDATE_POLL_MS = 2_000;
// A code update usually applies within seconds; five minutes leaves room for a large account's
// queue of updates without hanging a deploy forever.
const DEFAULT_UPDATE_TIMEOUT_MS = 300_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Uploads every zip first, so a failed upload leaves all functions on their old code, then
 * updates the functions one at a time, each confirmed by Lambda's CodeSha256 matching the zip.
 * Stops at the first failure.
 */
export async function deployLambdas(
  clients: DeployClients,
  options: DeployOptions,
): Promise<DeployedFunction[]> {
  const zips = options.agents.map((agent) => readPackage(options.packageDir, agent));
  const plan = zips.map((zip) => ({
    ...zip,
    functionName: options.targets.functionNames[zip.agent],
    key: options.targets.codeObjectKeys[zip.agent],
  }));
  const bucket = options.targets.codeBucket;
  if (options.dryRun) {
    for (const item of plan) {
      options.print(
        `would upload ${item.path} (${formatMegabytes(item.bytes.length)}, sha256 ${item.codeSha256}) to s3://${bucket}/${item.key} and update ${item.functionName}`,
      );
    }
    options.print('dry run: nothing was uploaded or changed');
    return [];
  }
  const uploaded: Array<(typeof plan)[number] & { versionId: string | undefined }> = [];
  for (const item of plan) {
    const response = await callAws(`uploading s3://${bucket}/${item.key}`, () =>
      clients.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: item.key,
          Body: item.bytes,
          ContentType: 'application/zip',
          // S3 rejects the upload if the bytes it received do not have this hash.
          ChecksumSHA256: item.codeSha256,
        }),
      ),
    );
    uploaded.push({ ...item, versionId: response.VersionId });
    options.print(`uploaded s3://${bucket}/${item.key} (${formatMegabytes(item.bytes.length)})`);
  }
  const deployed: DeployedFunction[] = [];
  for (const item of uploaded) {
    const response = await callAws(`updating ${item.functionName}`, () =>
      clients.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: item.functionName,
          S3Bucket: bucket,
          S3Key: item.key,
          ...(item.versionId ? { S3ObjectVersion: item.versionId } : {}),
        }),
      ),
    );
    if (response.CodeSha256 !== item.codeSha256) {
      throw new UpstreamError(
        'Lambda',
        `${item.functionName} reports code ${response.CodeSha256 ?? 'none'}, not the uploaded ${item.codeSha256}`,
        { retryable: false },
      );
    }
    await waitUntilUpdated(clients.lambda, item.functionName, options);
    deployed.push({
      agent: item.agent,
      functionName: item.functionName,
      key: item.key,
      versionId: item.versionId,
      codeSha256: item.codeSha256,
    });
    options.print(`updated ${item.functionName}`);
  }
  return deployed;
}

function readPackage(packageDir: string, agent: AgentName) {
  const path = join(packageDir, `${agent}.zip`);
  if (!existsSync(path))
    throw InputError.field(
      path,
      'does not exist: run `npm run package` or `alex deploy --package`',
    );
  const bytes = readFileSync(path);
  return { agent, path, bytes, codeSha256: createHash('sha256').update(bytes).digest('base64') };
}

/** Polls the function until Lambda has applied the new code (LastUpdateStatus Successful). */
async function waitUntilUpdated(
  lambda: DeployClients['lambda'],
  functionName: string,
  options: Pick<DeployOptions, 'sleep' | 'updateTimeoutMs'>,
): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.updateTimeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS;
  for (let waitedMs = 0; ; waitedMs += UPDATE_POLL_MS) {
    const state = await callAws(`reading ${functionName}`, () =>
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
    );
    if (state.LastUpdateStatus === 'Successful') return;
    if (state.LastUpdateStatus === 'Failed') {
      throw new UpstreamError(
        'Lambda',
        `${functionName} did not take the new code: ${state.LastUpdateStatusReason ?? 'no reason given'}`,
        { retryable: false },
      );
    }
    if (waitedMs >= timeoutMs) throw new TimeoutError(`updating ${functionName}`, timeoutMs);
    await sleep(UPDATE_POLL_MS);
  }
}

/** Runs one AWS call; a failure becomes an UpstreamError saying what was being done. */
export async function callAws<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    throw new UpstreamError('AWS', `${what}: ${describeError(error)}`, status ? { status } : {}, {
      cause: error,
    });
  }
}
