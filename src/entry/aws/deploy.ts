import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LambdaFunctionName } from './lambda-functions.ts';
import { AlexError, InputError, TimeoutError, UpstreamError, describeError } from '../../errors.ts';
import type { AwsTargets } from './aws-targets.ts';
import { callAws } from './call-aws.ts';
import {
  LIVE_ALIAS,
  deployOrder,
  moveLiveAliases,
  readLiveAlias,
  type AliasMove,
} from './live-alias.ts';
import { formatMegabytes } from './package-lambdas.ts';

export { callAws } from './call-aws.ts';

// `alex deploy`: the zips from `npm run package` go to the code bucket under the keys Terraform
// uses (lambda/<agent>.zip); the database is migrated (the caller's beforeUpdate); each function
// is pointed at the exact object version uploaded and publishes a version, specialists first and
// the planner last; then the `live` aliases, which are all that serve requests, move to the new
// versions in the same order (live-alias.ts). Configuration, permissions and triggers stay
// Terraform's; the aliases are this command's after Terraform created them (lambda.tf), so a
// version that `terraform apply` published goes live with the next deploy.

export interface DeployClients {
  s3: Pick<S3Client, 'send'>;
  lambda: Pick<LambdaClient, 'send'>;
}

export interface DeployOptions {
  /** Directory holding <agent>.zip (dist/lambda). */
  packageDir: string;
  agents: readonly LambdaFunctionName[];
  targets: AwsTargets & { codeBucket: string };
  dryRun: boolean;
  print: (line: string) => void;
  /** How long one function may take to apply new code; default 5 minutes. */
  updateTimeoutMs?: number;
  /** Pause between status checks; injected by tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Runs after every zip is uploaded and before any function changes: `alex deploy` migrates
   * the database here, so new code never meets an old schema. A failure stops the deploy.
   */
  beforeUpdate?: () => Promise<void>;
}

export interface DeployedFunction {
  agent: LambdaFunctionName;
  functionName: string;
  key: string;
  versionId: string | undefined;
  codeSha256: string;
  /** The version published for this code, now behind the live alias. */
  version: string;
}

const UPDATE_POLL_MS = 2_000;
// A code update usually applies within seconds; five minutes leaves room for a large account's
// queue of updates without hanging a deploy forever.
const DEFAULT_UPDATE_TIMEOUT_MS = 300_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Uploads every zip first, so a failed upload leaves all functions on their old code, then
 * updates and publishes the functions one at a time, each confirmed by Lambda's CodeSha256
 * matching the zip, and finally moves their live aliases. A failure before the aliases move
 * leaves every function serving what it served (only $LATEST and unused versions changed); a
 * failed alias move puts the moved ones back. Either way the error says what was done.
 */
export async function deployLambdas(
  clients: DeployClients,
  options: DeployOptions,
): Promise<DeployedFunction[]> {
  const zips = deployOrder(options.agents).map((agent) => readPackage(options.packageDir, agent));
  const plan = zips.map((zip) => ({
    ...zip,
    functionName: options.targets.functionNames[zip.agent],
    key: options.targets.codeObjectKeys[zip.agent],
  }));
  const bucket = options.targets.codeBucket;
  if (options.dryRun) {
    for (const item of plan) {
      options.print(
        `would upload ${item.path} (${formatMegabytes(item.bytes.length)}, sha256 ${item.codeSha256}) to s3://${bucket}/${item.key}, update and publish ${item.functionName} and move its live alias`,
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
  await options.beforeUpdate?.();
  const deployed: DeployedFunction[] = [];
  for (const item of uploaded) {
    try {
      const version = await updateAndPublish(clients.lambda, item, bucket, options);
      deployed.push({
        agent: item.agent,
        functionName: item.functionName,
        key: item.key,
        versionId: item.versionId,
        codeSha256: item.codeSha256,
        version,
      });
      options.print(`updated ${item.functionName}, published version ${version}`);
    } catch (error) {
      throw partWayError(`updating ${item.functionName}`, error, deployed);
    }
  }
  const moves: AliasMove[] = [];
  try {
    for (const item of deployed) {
      const from = await readLiveAlias(clients.lambda, item.agent, item.functionName);
      // Lambda publishes no new version for unchanged code and configuration, and answers
      // with the latest one. An alias already serving it is left alone, so its recorded
      // previous version (what a rollback returns to) survives a repeated deploy.
      if (from.version === item.version) {
        options.print(`${item.functionName}: ${LIVE_ALIAS} already serves version ${item.version}`);
        continue;
      }
      moves.push({ agent: item.agent, functionName: item.functionName, from, to: item.version });
    }
  } catch (error) {
    throw partWayError('reading the live aliases', error, deployed);
  }
  await moveLiveAliases(clients.lambda, moves, options.print);
  return deployed;
}

/**
 * Points the function at the uploaded object, waits until Lambda has applied it, and
 * publishes a version of exactly that code (PublishVersion refuses if $LATEST changed since).
 */
async function updateAndPublish(
  lambda: DeployClients['lambda'],
  item: { functionName: string; key: string; versionId: string | undefined; codeSha256: string },
  bucket: string,
  options: Pick<DeployOptions, 'sleep' | 'updateTimeoutMs'>,
): Promise<string> {
  const response = await callAws(`updating ${item.functionName}`, () =>
    lambda.send(
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
  await waitUntilUpdated(lambda, item.functionName, options);
  const published = await callAws(`publishing a version of ${item.functionName}`, () =>
    lambda.send(
      new PublishVersionCommand({
        FunctionName: item.functionName,
        CodeSha256: item.codeSha256,
        Description: `alex deploy, code sha256 ${item.codeSha256}`,
      }),
    ),
  );
  if (!published.Version) {
    throw new UpstreamError('Lambda', `${item.functionName}: PublishVersion returned no version`, {
      retryable: false,
    });
  }
  return published.Version;
}

/** The failure, with what had been done before it, so the operator knows where things stand. */
function partWayError(what: string, error: unknown, done: readonly DeployedFunction[]): Error {
  const updated =
    done.length === 0
      ? 'no function had been updated'
      : `already updated and published (not yet live): ${done.map((item) => `${item.functionName} version ${item.version}`).join(', ')}`;
  const message = `${what}: ${error instanceof AlexError ? error.message : describeError(error)}; ${updated}; no live alias was moved, so every function serves what it served before`;
  return new UpstreamError('Lambda', message, { retryable: false }, { cause: error });
}

function readPackage(packageDir: string, agent: LambdaFunctionName) {
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
