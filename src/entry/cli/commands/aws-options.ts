import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import type { Config } from '../../../config.ts';
import type { AuroraDatabaseTarget } from '../../aws/aurora-migrate.ts';
import type { AwsTargets, TerraformOutputReader } from '../../aws/aws-targets.ts';
import type { LambdaPackage, PackageOptions } from '../../aws/package-lambdas.ts';
import type { Services, ServicesOptions } from '../../compose.ts';

// What the AWS commands (aws.ts, aws-database.ts) share: their injected dependencies and the
// flags that say where the deployment is.

export interface AwsClients {
  s3: S3Client;
  lambda: LambdaClient;
  sqs: SQSClient;
  logs: CloudWatchLogsClient;
}

export interface AwsCommandDependencies {
  /** The repository root: dist/lambda and infra/terraform/agents are found from it. */
  rootDir: string;
  clients: (region: string | undefined) => Promise<AwsClients>;
  readOutputs?: TerraformOutputReader;
  packageLambdas?: (options: PackageOptions) => Promise<LambdaPackage[]>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /**
   * The deployed database for `aws test`, opened without migrating or seeding (the schema is
   * only checked). Default: createServices in 'verify' mode.
   */
  openDeployedDatabase?: (config: Config) => Promise<Services>;
  /** Opens the deployed database for `aws kb ingest`. Default: createServices. */
  createServices?: (config: Config, options: ServicesOptions) => Promise<Services>;
  /** `alex aws migrate` and the first step of `alex deploy`. Default: migrateAurora. */
  migrateDatabase?: (
    target: AuroraDatabaseTarget,
    options: { withDemoUser: boolean; rotatePassword: boolean },
  ) => Promise<void>;
}

export interface AuroraOptions {
  clusterArn?: string;
  masterSecretArn?: string;
  appSecretArn?: string;
}

export interface TargetOptions {
  region?: string;
  prefix?: string;
  terraformDir?: string;
}

/** The deployment's targets for a command: flags first, then `terraform output`. */
export type ResolveTargets = (
  options: TargetOptions & { bucket?: string; queueUrl?: string },
  needs: ReadonlyArray<'codeBucket' | 'queueUrl' | 'region'>,
) => Promise<AwsTargets>;

export function withTargetOptions(command: Command): Command {
  return command
    .option('--region <region>', 'AWS region (default: Terraform output, AWS_REGION)')
    .option(
      '--prefix <prefix>',
      'function names are <prefix>-<agent> (default: from Terraform, else alex)',
    )
    .option(
      '--terraform-dir <dir>',
      'read bucket, functions and queue from `terraform output` here',
    );
}

export function withAuroraOptions(command: Command): Command {
  return command
    .option('--cluster-arn <arn>', 'Aurora cluster (default: Terraform output aurora_cluster_arn)')
    .option(
      '--master-secret-arn <arn>',
      "the cluster's master secret (default: Terraform output aurora_master_secret_arn)",
    )
    .option(
      '--app-secret-arn <arn>',
      "the functions' database user secret (default: Terraform output aurora_app_secret_arn)",
    );
}
