import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentName } from '../../contracts/jobs.ts';
import { InputError, TimeoutError, UpstreamError } from '../../errors.ts';
import { deployLambdas, type DeployOptions } from './deploy.ts';

const AGENTS: AgentName[] = ['planner', 'tagger'];
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('deployLambdas', () => {
  const s3 = mockClient(S3Client);
  const lambda = mockClient(LambdaClient);
  let packageDir: string;
  let printed: string[];
  let sleeps: number[];
  let calls: string[];

  const options = (overrides: Partial<DeployOptions> = {}): DeployOptions => ({
    packageDir,
    agents: AGENTS,
    targets: {
      region: 'eu-west-1',
      codeBucket: 'alex-agent-code-111122223333-eu-west-1',
      functionNames: {
        planner: 'alex-planner',
        tagger: 'alex-tagger',
        reporter: 'alex-reporter',
        charter: 'alex-charter',
        retirement: 'alex-retirement',
      },
      codeObjectKeys: {
        planner: 'lambda/planner.zip',
        tagger: 'lambda/tagger.zip',
        reporter: 'lambda/reporter.zip',
        charter: 'lambda/charter.zip',
        retirement: 'lambda/retirement.zip',
      },
      queueUrl: undefined,
    },
    dryRun: false,
    print: (line) => printed.push(line),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  const clients = () => ({
    s3: new S3Client({ region: 'eu-west-1' }),
    lambda: new LambdaClient({ region: 'eu-west-1' }),
  });

  beforeEach(() => {
    packageDir = mkdtempSync(join(tmpdir(), 'alex-deploy-'));
    for (const agent of AGENTS) writeFileSync(join(packageDir, `${agent}.zip`), `zip of ${agent}`);
    printed = [];
    sleeps = [];
    calls = [];
    s3.reset();
    lambda.reset();
    s3.on(PutObjectCommand).callsFake((input: { Key: string }) => {
      calls.push(`put ${input.Key}`);
      return { VersionId: `version-of-${input.Key}` };
    });
    lambda.on(UpdateFunctionCodeCommand).callsFake((input: { FunctionName: string }) => {
      calls.push(`update ${input.FunctionName}`);
      return {
        CodeSha256: sha256(`zip of ${input.FunctionName.replace('alex-', '')}`),
        LastUpdateStatus: 'InProgress',
      };
    });
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
      calls.push(`status ${input.FunctionName}`);
      return { LastUpdateStatus: 'Successful' };
    });
  });
  afterEach(() => rmSync(packageDir, { recursive: true, force: true }));

  it('uploads every zip first, then points each function at the uploaded version', async () => {
    const deployed = await deployLambdas(clients(), options());
    expect(calls).toEqual([
      'put lambda/planner.zip',
      'put lambda/tagger.zip',
      'update alex-planner',
      'status alex-planner',
      'update alex-tagger',
      'status alex-tagger',
    ]);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'alex-agent-code-111122223333-eu-west-1',
      Key: 'lambda/planner.zip',
      ContentType: 'application/zip',
      ChecksumSHA256: sha256('zip of planner'),
    });
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)[1]?.args[0].input).toEqual({
      FunctionName: 'alex-tagger',
      S3Bucket: 'alex-agent-code-111122223333-eu-west-1',
      S3Key: 'lambda/tagger.zip',
      S3ObjectVersion: 'version-of-lambda/tagger.zip',
    });
    expect(deployed.map((item) => [item.functionName, item.codeSha256])).toEqual([
      ['alex-planner', sha256('zip of planner')],
      ['alex-tagger', sha256('zip of tagger')],
    ]);
    expect(printed.at(-1)).toBe('updated alex-tagger');
  });

  it('a dry run prints the plan and calls nothing', async () => {
    const refuse = { send: () => Promise.reject(new Error('must not be called')) };
    const deployed = await deployLambdas({ s3: refuse, lambda: refuse }, options({ dryRun: true }));
    expect(deployed).toEqual([]);
    expect(printed).toEqual([
      expect.stringMatching(
        /^would upload .*planner\.zip \(0\.00 MB, sha256 \S+\) to s3:\/\/alex-agent-code-111122223333-eu-west-1\/lambda\/planner\.zip and update alex-planner$/,
      ) as string,
      expect.stringContaining('and update alex-tagger') as string,
      'dry run: nothing was uploaded or changed',
    ]);
  });

  it('waits while Lambda applies the code, polling every 2 s', async () => {
    lambda
      .on(GetFunctionConfigurationCommand)
      .resolvesOnce({ LastUpdateStatus: 'InProgress' })
      .resolvesOnce({ LastUpdateStatus: 'InProgress' })
      .resolves({ LastUpdateStatus: 'Successful' });
    await deployLambdas(clients(), options({ agents: ['planner'] }));
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('fails when Lambda reports the update failed, naming the reason', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({
      LastUpdateStatus: 'Failed',
      LastUpdateStatusReason: 'The role cannot be assumed',
    });
    await expect(deployLambdas(clients(), options())).rejects.toThrowError(
      /alex-planner did not take the new code: The role cannot be assumed/,
    );
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(1);
  });

  it('gives up after the update timeout', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ LastUpdateStatus: 'InProgress' });
    await expect(
      deployLambdas(clients(), options({ agents: ['planner'], updateTimeoutMs: 6000 })),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(sleeps).toEqual([2000, 2000, 2000]);
  });

  it('fails when the function reports other code than the uploaded zip', async () => {
    lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: sha256('something else') });
    const failure = deployLambdas(clients(), options());
    await expect(failure).rejects.toBeInstanceOf(UpstreamError);
    await expect(failure).rejects.toThrowError(/alex-planner reports code/);
  });

  it('a failed upload leaves every function alone', async () => {
    s3.on(PutObjectCommand, { Key: 'lambda/tagger.zip' }).rejects(new Error('Access Denied'));
    await expect(deployLambdas(clients(), options())).rejects.toThrowError(
      /uploading s3:\/\/alex-agent-code-111122223333-eu-west-1\/lambda\/tagger\.zip: Access Denied/,
    );
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(0);
  });

  it('a missing zip is the caller’s mistake, with the command that builds it', async () => {
    rmSync(join(packageDir, 'tagger.zip'));
    const failure = deployLambdas(clients(), options());
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrowError(
      /tagger\.zip: does not exist: run `npm run package`/,
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
