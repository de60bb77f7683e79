import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LambdaFunctionName } from './lambda-functions.ts';
import { InputError, TimeoutError, UpstreamError } from '../../errors.ts';
import { deployLambdas, type DeployOptions } from './deploy.ts';
import { rollbackLambdas } from './live-alias.ts';

const AGENTS: LambdaFunctionName[] = ['planner', 'tagger'];
const ALL_AGENTS: LambdaFunctionName[] = [
  'planner',
  'tagger',
  'reporter',
  'charter',
  'retirement',
  'api',
];
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('deployLambdas', () => {
  const s3 = mockClient(S3Client);
  const lambda = mockClient(LambdaClient);
  let packageDir: string;
  let printed: string[];
  let sleeps: number[];
  let calls: string[];
  // What each function's live alias serves, and the version each publish returns next.
  let live: Record<string, { version: string; description: string }>;
  let published: Record<string, number>;

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
        api: 'alex-api',
      },
      codeObjectKeys: {
        planner: 'lambda/planner.zip',
        tagger: 'lambda/tagger.zip',
        reporter: 'lambda/reporter.zip',
        charter: 'lambda/charter.zip',
        retirement: 'lambda/retirement.zip',
        api: 'lambda/api.zip',
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
    for (const agent of ALL_AGENTS)
      writeFileSync(join(packageDir, `${agent}.zip`), `zip of ${agent}`);
    printed = [];
    sleeps = [];
    calls = [];
    live = Object.fromEntries(
      ALL_AGENTS.map((agent) => [`alex-${agent}`, { version: '3', description: 'previous=2' }]),
    );
    published = Object.fromEntries(ALL_AGENTS.map((agent) => [`alex-${agent}`, 3]));
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
    lambda.on(PublishVersionCommand).callsFake((input: { FunctionName: string }) => {
      calls.push(`publish ${input.FunctionName}`);
      published[input.FunctionName] = (published[input.FunctionName] ?? 0) + 1;
      return { Version: String(published[input.FunctionName]) };
    });
    lambda.on(GetAliasCommand).callsFake((input: { FunctionName: string; Name: string }) => {
      calls.push(`read ${input.FunctionName}:${input.Name}`);
      const alias = live[input.FunctionName];
      return { FunctionVersion: alias?.version, Description: alias?.description };
    });
    lambda
      .on(UpdateAliasCommand)
      .callsFake(
        (input: {
          FunctionName: string;
          Name: string;
          FunctionVersion: string;
          Description: string;
        }) => {
          calls.push(`alias ${input.FunctionName}:${input.Name} -> ${input.FunctionVersion}`);
          live[input.FunctionName] = {
            version: input.FunctionVersion,
            description: input.Description,
          };
          return {};
        },
      );
  });
  afterEach(() => rmSync(packageDir, { recursive: true, force: true }));

  it('uploads every zip first, then updates and publishes each function, then moves the live aliases', async () => {
    const deployed = await deployLambdas(clients(), options());
    expect(calls).toEqual([
      'put lambda/tagger.zip',
      'put lambda/planner.zip',
      'update alex-tagger',
      'status alex-tagger',
      'publish alex-tagger',
      'update alex-planner',
      'status alex-planner',
      'publish alex-planner',
      'read alex-tagger:live',
      'read alex-planner:live',
      'alias alex-tagger:live -> 4',
      'alias alex-planner:live -> 4',
    ]);
    const put = s3.commandCalls(PutObjectCommand)[1]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'alex-agent-code-111122223333-eu-west-1',
      Key: 'lambda/planner.zip',
      ContentType: 'application/zip',
      ChecksumSHA256: sha256('zip of planner'),
    });
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)[0]?.args[0].input).toEqual({
      FunctionName: 'alex-tagger',
      S3Bucket: 'alex-agent-code-111122223333-eu-west-1',
      S3Key: 'lambda/tagger.zip',
      S3ObjectVersion: 'version-of-lambda/tagger.zip',
    });
    expect(lambda.commandCalls(PublishVersionCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'alex-tagger',
      CodeSha256: sha256('zip of tagger'),
    });
    expect(deployed.map((item) => [item.functionName, item.codeSha256, item.version])).toEqual([
      ['alex-tagger', sha256('zip of tagger'), '4'],
      ['alex-planner', sha256('zip of planner'), '4'],
    ]);
    // Each alias remembers what it served, for a rollback.
    expect(live['alex-planner']).toEqual({ version: '4', description: 'previous=3' });
    expect(printed.at(-1)).toBe('alex-planner: live 3 -> 4');
  });

  it('a dry run prints the plan and calls nothing', async () => {
    const refuse = { send: () => Promise.reject(new Error('must not be called')) };
    const deployed = await deployLambdas({ s3: refuse, lambda: refuse }, options({ dryRun: true }));
    expect(deployed).toEqual([]);
    expect(printed).toEqual([
      expect.stringMatching(
        /^would upload .*tagger\.zip \(0\.00 MB, sha256 \S+\) to s3:\/\/alex-agent-code-111122223333-eu-west-1\/lambda\/tagger\.zip, update and publish alex-tagger and move its live alias$/,
      ) as string,
      expect.stringContaining('update and publish alex-planner and move its live alias') as string,
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
      /alex-tagger did not take the new code: The role cannot be assumed/,
    );
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(1);
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
  });

  it('gives up after the update timeout', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ LastUpdateStatus: 'InProgress' });
    const failure = deployLambdas(
      clients(),
      options({ agents: ['planner'], updateTimeoutMs: 6000 }),
    );
    await expect(failure).rejects.toThrowError(/updating alex-planner timed out after 6000 ms/);
    await expect(failure).rejects.toMatchObject({ cause: expect.any(TimeoutError) as unknown });
    expect(sleeps).toEqual([2000, 2000, 2000]);
  });

  it('fails when the function reports other code than the uploaded zip', async () => {
    lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: sha256('something else') });
    const failure = deployLambdas(clients(), options());
    await expect(failure).rejects.toBeInstanceOf(UpstreamError);
    await expect(failure).rejects.toThrowError(/alex-tagger reports code/);
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

  it('updates the specialists before the planner, after the database step, and switches the planner last', async () => {
    await deployLambdas(
      clients(),
      options({
        agents: ALL_AGENTS,
        beforeUpdate: () => {
          calls.push('migrate');
          return Promise.resolve();
        },
      }),
    );
    const updates = calls.filter((call) => /^(put|migrate|update|alias)/.test(call));
    expect(updates).toEqual([
      'put lambda/tagger.zip',
      'put lambda/reporter.zip',
      'put lambda/charter.zip',
      'put lambda/retirement.zip',
      'put lambda/planner.zip',
      'put lambda/api.zip',
      'migrate',
      'update alex-tagger',
      'update alex-reporter',
      'update alex-charter',
      'update alex-retirement',
      'update alex-planner',
      'update alex-api',
      'alias alex-tagger:live -> 4',
      'alias alex-reporter:live -> 4',
      'alias alex-charter:live -> 4',
      'alias alex-retirement:live -> 4',
      'alias alex-planner:live -> 4',
      // The API last: it may send jobs only the new planner understands.
      'alias alex-api:live -> 4',
    ]);
  });

  it('a failed database step changes no function', async () => {
    const failure = deployLambdas(
      clients(),
      options({ beforeUpdate: () => Promise.reject(new Error('schema is locked')) }),
    );
    await expect(failure).rejects.toThrowError('schema is locked');
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(0);
  });

  it('a failure part-way moves no alias and says which functions were already updated', async () => {
    lambda
      .on(PublishVersionCommand, { FunctionName: 'alex-charter' })
      .rejects(new Error('Rate exceeded'));
    const failure = deployLambdas(clients(), options({ agents: ALL_AGENTS }));
    await expect(failure).rejects.toThrowError(
      'Lambda: updating alex-charter: AWS: publishing a version of alex-charter: Rate exceeded; already updated and published (not yet live): alex-tagger version 4, alex-reporter version 4; no live alias was moved, so every function serves what it served before',
    );
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(3);
    expect(Object.values(live).map((alias) => alias.version)).toEqual([
      '3',
      '3',
      '3',
      '3',
      '3',
      '3',
    ]);
  });

  it('a failed alias move puts the aliases already moved back where they were', async () => {
    lambda
      .on(UpdateAliasCommand, { FunctionName: 'alex-planner', FunctionVersion: '4' })
      .rejects(new Error('Access Denied'));
    const failure = deployLambdas(clients(), options());
    await expect(failure).rejects.toThrowError(
      'Lambda: moving the live alias of alex-planner to version 4 failed (Access Denied); moved back: alex-tagger (version 3); every function serves what it served before',
    );
    expect(live).toMatchObject({
      'alex-tagger': { version: '3', description: 'previous=2' },
      'alex-planner': { version: '3', description: 'previous=2' },
    });
  });

  it('a repeated deploy of unchanged code leaves the alias, and its rollback target, as they were', async () => {
    // Lambda answers PublishVersion for unchanged code and configuration with the latest
    // version, here the one the alias already serves.
    lambda.on(PublishVersionCommand, { FunctionName: 'alex-tagger' }).resolves({ Version: '3' });
    await deployLambdas(clients(), options());
    expect(calls.filter((call) => call.startsWith('alias'))).toEqual([
      'alias alex-planner:live -> 4',
    ]);
    expect(live['alex-tagger']).toEqual({ version: '3', description: 'previous=2' });
    expect(printed).toContain('alex-tagger: live already serves version 3');
  });

  it('puts live the version a terraform apply published, which moved no alias', async () => {
    // terraform apply published version 4 of the planner for a configuration change; the
    // alias stayed on 3 (Terraform ignores it after creating it). Deploying the same code
    // publishes nothing new: Lambda answers with version 4, and the alias moves to it.
    lambda.on(PublishVersionCommand, { FunctionName: 'alex-planner' }).resolves({ Version: '4' });
    await deployLambdas(clients(), options({ agents: ['planner'] }));
    expect(live['alex-planner']).toEqual({ version: '4', description: 'previous=3' });
  });

  it('a rollback moves every alias back to its previous version in one command, API and planner first', async () => {
    await deployLambdas(clients(), options({ agents: ALL_AGENTS }));
    calls = [];
    await rollbackLambdas(clients().lambda, {
      agents: ALL_AGENTS,
      functionNames: options().targets.functionNames,
      print: (line) => printed.push(line),
    });
    expect(calls.filter((call) => call.startsWith('alias'))).toEqual([
      'alias alex-api:live -> 3',
      'alias alex-planner:live -> 3',
      'alias alex-retirement:live -> 3',
      'alias alex-charter:live -> 3',
      'alias alex-reporter:live -> 3',
      'alias alex-tagger:live -> 3',
    ]);
    // Every alias was read before the first one moved.
    expect(calls.findIndex((call) => call.startsWith('alias'))).toBe(ALL_AGENTS.length);
    // Rolling back again returns to the deployed versions.
    expect(live['alex-planner']).toEqual({ version: '3', description: 'previous=4' });
  });

  it('a rollback without a recorded previous version changes nothing', async () => {
    live['alex-charter'] = { version: '7', description: 'created by Terraform' };
    const failure = rollbackLambdas(clients().lambda, {
      agents: ALL_AGENTS,
      functionNames: options().targets.functionNames,
      print: (line) => printed.push(line),
    });
    await expect(failure).rejects.toThrowError(
      "--rollback: alex-charter's live alias records no previous version (it was not moved by `alex deploy`); nothing was changed",
    );
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
  });

  it('a rollback that fails part-way restores the aliases it had moved', async () => {
    lambda
      .on(UpdateAliasCommand, { FunctionName: 'alex-charter', FunctionVersion: '2' })
      .rejects(new Error('Throttling'));
    const failure = rollbackLambdas(clients().lambda, {
      agents: ALL_AGENTS,
      functionNames: options().targets.functionNames,
      print: (line) => printed.push(line),
    });
    await expect(failure).rejects.toThrowError(
      /alex-charter to version 2 failed \(Throttling\); moved back: alex-retirement \(version 3\), alex-planner \(version 3\)/,
    );
    expect(Object.values(live).every((alias) => alias.version === '3')).toBe(true);
  });
});
