import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { AGENT_NAMES, type AgentName } from '../../contracts/jobs.ts';
import { ConfigError, describeError } from '../../errors.ts';
import { parseJson, parseWith } from '../../parse-json.ts';
import type { AuroraDatabaseTarget } from './aurora-migrate.ts';
import { LAMBDA_FUNCTIONS, type LambdaFunctionName } from './lambda-functions.ts';

// Where the deployed stack lives: bucket, function names, queue, region. Flags win; what they
// leave out comes from `terraform output -json` of infra/terraform/agents (outputs.tf), and the
// function names fall back to the Terraform module's own rule, `<prefix>-<agent>`.

/** The agents stack, relative to the repository root. */
export const DEFAULT_TERRAFORM_DIR = 'infra/terraform/agents';
export const DEFAULT_FUNCTION_PREFIX = 'alex';

export interface AwsTargets {
  region: string | undefined;
  codeBucket: string | undefined;
  /** Each function's name: the five agents' and the HTTP API's. */
  functionNames: Record<LambdaFunctionName, string>;
  /** Key of each function's zip in the code bucket (Terraform uploads to the same keys). */
  codeObjectKeys: Record<LambdaFunctionName, string>;
  queueUrl: string | undefined;
}

export interface TargetFlags {
  region?: string | undefined;
  bucket?: string | undefined;
  prefix?: string | undefined;
  queueUrl?: string | undefined;
  /** Read outputs from this Terraform directory; given explicitly, it must work. */
  terraformDir?: string | undefined;
}

/** The outputs of outputs.tf this module reads (`terraform output -json` wraps each in value). */
const terraformOutputsSchema = z
  .object({
    aws_region: z.object({ value: z.string() }).optional(),
    code_bucket: z.object({ value: z.string() }).optional(),
    code_object_keys: z.object({ value: z.record(z.string(), z.string()) }).optional(),
    lambda_functions: z.object({ value: z.record(z.string(), z.string()) }).optional(),
    api_function_name: z.object({ value: z.string() }).optional(),
    api_code_object_key: z.object({ value: z.string() }).optional(),
    sqs_queue_url: z.object({ value: z.string() }).optional(),
    aurora_cluster_arn: z.object({ value: z.string() }).optional(),
    aurora_master_secret_arn: z.object({ value: z.string() }).optional(),
    aurora_app_secret_arn: z.object({ value: z.string() }).optional(),
    aurora_app_username: z.object({ value: z.string() }).optional(),
    aurora_database: z.object({ value: z.string() }).optional(),
    vector_bucket: z.object({ value: z.string() }).optional(),
    vector_index: z.object({ value: z.string() }).optional(),
    sagemaker_endpoint: z.object({ value: z.string() }).optional(),
  })
  .loose();
export type TerraformOutputs = z.infer<typeof terraformOutputsSchema>;

export type TerraformOutputReader = (directory: string) => Promise<TerraformOutputs>;

/** Runs `terraform output -json` in the directory (Terraform must be on PATH). */
export const readTerraformOutputs: TerraformOutputReader = async (directory) => {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('terraform', ['output', '-json'], {
      cwd: directory,
      maxBuffer: 10_000_000,
    }));
  } catch (error) {
    throw new ConfigError(
      '--terraform-dir',
      `\`terraform output -json\` failed in ${directory} (${describeError(error)}); pass --bucket and --queue-url instead`,
      { cause: error },
    );
  }
  return parseJson(stdout, terraformOutputsSchema, 'terraform output');
};

/**
 * The targets for a command. Terraform is asked only when a flag that is `needed` is missing
 * or --terraform-dir is given; without Terraform a missing needed value is a ConfigError that
 * names the flag.
 */
export async function resolveAwsTargets(
  flags: TargetFlags,
  options: {
    /** region: the deployment's own region (Terraform's aws_region unless --region is given). */
    needs: ReadonlyArray<'codeBucket' | 'queueUrl' | 'region'>;
    readOutputs: TerraformOutputReader;
    /** Where Terraform is asked when --terraform-dir is not given. */
    defaultTerraformDir: string;
    defaultRegion: string | undefined;
  },
): Promise<AwsTargets> {
  const given = { codeBucket: flags.bucket, queueUrl: flags.queueUrl, region: flags.region };
  const missing = options.needs.filter((need) => !given[need]);
  const outputs =
    flags.terraformDir !== undefined || missing.length > 0
      ? await options.readOutputs(flags.terraformDir ?? options.defaultTerraformDir)
      : {};
  const prefix = flags.prefix ?? DEFAULT_FUNCTION_PREFIX;
  // The agents' names and keys are maps in the outputs; the API's are outputs of their own.
  const namesFromTerraform: Record<string, string | undefined> | undefined =
    flags.prefix === undefined
      ? {
          ...outputs.lambda_functions?.value,
          ...(outputs.api_function_name ? { api: outputs.api_function_name.value } : {}),
        }
      : undefined;
  const keysFromTerraform: Record<string, string | undefined> = {
    ...outputs.code_object_keys?.value,
    ...(outputs.api_code_object_key ? { api: outputs.api_code_object_key.value } : {}),
  };
  const functionNames = Object.fromEntries(
    LAMBDA_FUNCTIONS.map((name) => [name, namesFromTerraform?.[name] ?? `${prefix}-${name}`]),
  ) as Record<LambdaFunctionName, string>;
  const codeObjectKeys = Object.fromEntries(
    LAMBDA_FUNCTIONS.map((name) => [name, keysFromTerraform[name] ?? `lambda/${name}.zip`]),
  ) as Record<LambdaFunctionName, string>;
  const targets: AwsTargets = {
    region: flags.region ?? outputs.aws_region?.value ?? options.defaultRegion,
    codeBucket: flags.bucket ?? outputs.code_bucket?.value,
    functionNames,
    codeObjectKeys,
    queueUrl: flags.queueUrl ?? outputs.sqs_queue_url?.value,
  };
  const terraformDir = flags.terraformDir ?? options.defaultTerraformDir;
  const unknown = (what: string, output: string) =>
    `${what} is unknown: \`terraform output\` in ${terraformDir} has no ${output} (is the stack applied?)`;
  if (options.needs.includes('codeBucket') && !targets.codeBucket)
    throw new ConfigError('--bucket', unknown('the code bucket', 'code_bucket'));
  if (options.needs.includes('queueUrl') && !targets.queueUrl)
    throw new ConfigError('--queue-url', unknown('the job queue', 'sqs_queue_url'));
  if (options.needs.includes('region') && !(flags.region ?? outputs.aws_region?.value))
    throw new ConfigError('--region', unknown("the deployment's region", 'aws_region'));
  return targets;
}

export interface AuroraFlags {
  clusterArn?: string | undefined;
  masterSecretArn?: string | undefined;
  appSecretArn?: string | undefined;
  terraformDir?: string | undefined;
}

/**
 * The database `alex aws migrate` works on: flags win, the rest comes from the Terraform
 * outputs (outputs.tf); the database and user names fall back to the module's defaults.
 */
export async function resolveAuroraTarget(
  flags: AuroraFlags,
  options: {
    readOutputs: TerraformOutputReader;
    defaultTerraformDir: string;
    region: string | undefined;
  },
): Promise<AuroraDatabaseTarget> {
  const complete = flags.clusterArn && flags.masterSecretArn && flags.appSecretArn;
  const terraformDir = flags.terraformDir ?? options.defaultTerraformDir;
  const outputs: TerraformOutputs =
    complete && flags.terraformDir === undefined ? {} : await options.readOutputs(terraformDir);
  const value = (flag: string | undefined, output: string, option: string): string => {
    const found =
      flag ?? (outputs as Record<string, { value?: unknown } | undefined>)[output]?.value;
    if (typeof found === 'string' && found) return found;
    throw new ConfigError(
      option,
      `unknown: \`terraform output\` in ${terraformDir} has no ${output} (apply the stack, or pass ${option})`,
    );
  };
  const clusterArn = value(flags.clusterArn, 'aurora_cluster_arn', '--cluster-arn');
  return {
    clusterArn,
    masterSecretArn: value(
      flags.masterSecretArn,
      'aurora_master_secret_arn',
      '--master-secret-arn',
    ),
    appSecretArn: value(flags.appSecretArn, 'aurora_app_secret_arn', '--app-secret-arn'),
    appUsername: outputs.aurora_app_username?.value ?? DEFAULT_APP_USERNAME,
    database: outputs.aurora_database?.value ?? DEFAULT_DATABASE,
    region: options.region ?? regionOfArn(clusterArn),
  };
}

/** The module's defaults (variables.tf). */
const DEFAULT_APP_USERNAME = 'alex_app';
const DEFAULT_DATABASE = 'alex';

/** The region inside an ARN (arn:partition:service:region:account:...), if it has one. */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/**
 * `alex aws test` must talk to one region: the deployment's. The configured region (AWS_REGION)
 * and the database's ARN must agree with it, or the job would be written in one region and
 * looked for in another.
 */
export function assertSameRegion(
  deploymentRegion: string | undefined,
  configured: { awsRegion: string | undefined; clusterArn: string | undefined },
): void {
  if (!deploymentRegion) return;
  if (configured.awsRegion && configured.awsRegion !== deploymentRegion) {
    throw new ConfigError(
      'AWS_REGION',
      `is ${configured.awsRegion}, but the deployment is in ${deploymentRegion}: set AWS_REGION=${deploymentRegion} (or --region) so every call goes to one region`,
    );
  }
  const clusterRegion = configured.clusterArn ? regionOfArn(configured.clusterArn) : undefined;
  if (clusterRegion && clusterRegion !== deploymentRegion) {
    throw new ConfigError(
      'AURORA_CLUSTER_ARN',
      `names a cluster in ${clusterRegion}, but the deployment is in ${deploymentRegion}: use the cluster the functions use (terraform output aurora_cluster_arn)`,
    );
  }
}

/** An agent name from a flag, or an InputError listing the names. */
export function agentOption(value: string | undefined): AgentName | undefined {
  if (value === undefined) return undefined;
  return parseWith(z.enum(AGENT_NAMES), value, '--agent');
}

/** A function name from `alex deploy --agent`: an agent's, or `api`. */
export function functionOption(value: string | undefined): LambdaFunctionName | undefined {
  if (value === undefined) return undefined;
  return parseWith(z.enum(LAMBDA_FUNCTIONS), value, '--agent');
}
