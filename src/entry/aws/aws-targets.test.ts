import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../errors.ts';
import { agentOption, resolveAwsTargets, type TerraformOutputs } from './aws-targets.ts';

const OUTPUTS: TerraformOutputs = {
  aws_region: { value: 'eu-west-1' },
  code_bucket: { value: 'alex-agent-code-111122223333-eu-west-1' },
  code_object_keys: { value: { planner: 'lambda/planner.zip', tagger: 'lambda/tagger.zip' } },
  lambda_functions: { value: { planner: 'team-planner', tagger: 'team-tagger' } },
  // The API function's name and key are outputs of their own (api.tf).
  api_function_name: { value: 'team-api' },
  api_code_object_key: { value: 'lambda/team-api.zip' },
  sqs_queue_url: { value: 'https://sqs.eu-west-1.amazonaws.com/111122223333/alex-analysis-jobs' },
};

function reader(outputs: TerraformOutputs) {
  const directories: string[] = [];
  return {
    directories,
    read: (directory: string) => {
      directories.push(directory);
      return Promise.resolve(outputs);
    },
  };
}

const base = { defaultTerraformDir: '/repo/infra/terraform/agents', defaultRegion: 'us-east-1' };

describe('resolveAwsTargets', () => {
  it('takes a missing bucket, region, function names and queue from Terraform', async () => {
    const terraform = reader(OUTPUTS);
    const targets = await resolveAwsTargets(
      {},
      { ...base, needs: ['codeBucket'], readOutputs: terraform.read },
    );
    expect(terraform.directories).toEqual(['/repo/infra/terraform/agents']);
    expect(targets).toMatchObject({
      region: 'eu-west-1',
      codeBucket: 'alex-agent-code-111122223333-eu-west-1',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/alex-analysis-jobs',
    });
    expect(targets.functionNames).toEqual({
      planner: 'team-planner',
      tagger: 'team-tagger',
      reporter: 'alex-reporter',
      charter: 'alex-charter',
      retirement: 'alex-retirement',
      api: 'team-api',
    });
    expect(targets.codeObjectKeys.retirement).toBe('lambda/retirement.zip');
    expect(targets.codeObjectKeys.api).toBe('lambda/team-api.zip');
  });

  it('does not ask Terraform when the flags give what is needed; --prefix names the functions', async () => {
    const terraform = reader(OUTPUTS);
    const targets = await resolveAwsTargets(
      { bucket: 'my-bucket', prefix: 'staging', region: 'ap-south-1' },
      { ...base, needs: ['codeBucket'], readOutputs: terraform.read },
    );
    expect(terraform.directories).toEqual([]);
    expect(targets).toMatchObject({
      region: 'ap-south-1',
      codeBucket: 'my-bucket',
      queueUrl: undefined,
    });
    expect(targets.functionNames.planner).toBe('staging-planner');
  });

  it('an explicit --terraform-dir is always read, and flags still win over it', async () => {
    const terraform = reader(OUTPUTS);
    const targets = await resolveAwsTargets(
      { terraformDir: 'stacks/prod', queueUrl: 'https://sqs.example/queue' },
      { ...base, needs: [], readOutputs: terraform.read },
    );
    expect(terraform.directories).toEqual(['stacks/prod']);
    expect(targets.queueUrl).toBe('https://sqs.example/queue');
    expect(targets.codeBucket).toBe('alex-agent-code-111122223333-eu-west-1');
  });

  it('a needed value that neither flags nor Terraform give names its flag', async () => {
    const terraform = reader({});
    const failure = resolveAwsTargets(
      {},
      { ...base, needs: ['queueUrl'], readOutputs: terraform.read },
    );
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrowError(
      /--queue-url: the job queue is unknown: .*has no sqs_queue_url/,
    );
    const none = await resolveAwsTargets({}, { ...base, needs: [], readOutputs: terraform.read });
    expect(none.region).toBe('us-east-1');
  });
});

describe('agentOption', () => {
  it('accepts the five agents and rejects anything else', () => {
    expect(agentOption('reporter')).toBe('reporter');
    expect(agentOption(undefined)).toBeUndefined();
    expect(() => agentOption('writer')).toThrowError(InputError);
  });
});
