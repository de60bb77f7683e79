import { join } from 'node:path';
import type { Command } from 'commander';
import type { AuroraDatabaseTarget } from '../../aws/aurora-migrate.ts';
import type { CommandContext } from '../context.ts';
import { printLine } from '../output.ts';
import {
  withAuroraOptions,
  withTargetOptions,
  type AuroraOptions,
  type AwsCommandDependencies,
  type ResolveTargets,
  type TargetOptions,
} from './aws-options.ts';

// `alex aws migrate` and `alex aws kb ingest`, and the database step `alex deploy` runs first:
// the operator's commands that work on the deployed database with the master secret.

export interface DatabaseSteps {
  auroraTarget: (
    options: TargetOptions & AuroraOptions,
    region: string | undefined,
  ) => Promise<AuroraDatabaseTarget>;
  migrateDatabase: (
    target: AuroraDatabaseTarget,
    options: { withDemoUser: boolean; rotatePassword: boolean },
  ) => Promise<void>;
}

export function createDatabaseSteps(
  context: CommandContext,
  dependencies: AwsCommandDependencies,
): DatabaseSteps {
  async function auroraTarget(
    options: TargetOptions & AuroraOptions,
    region: string | undefined,
  ): Promise<AuroraDatabaseTarget> {
    const { resolveAuroraTarget, readTerraformOutputs, DEFAULT_TERRAFORM_DIR } =
      await import('../../aws/aws-targets.ts');
    return resolveAuroraTarget(
      {
        clusterArn: options.clusterArn,
        masterSecretArn: options.masterSecretArn,
        appSecretArn: options.appSecretArn,
        terraformDir: options.terraformDir,
      },
      {
        readOutputs: dependencies.readOutputs ?? readTerraformOutputs,
        defaultTerraformDir: join(dependencies.rootDir, DEFAULT_TERRAFORM_DIR),
        region,
      },
    );
  }

  async function migrateDatabase(
    target: AuroraDatabaseTarget,
    options: { withDemoUser: boolean; rotatePassword: boolean },
  ): Promise<void> {
    if (dependencies.migrateDatabase) return dependencies.migrateDatabase(target, options);
    const { migrateAurora } = await import('../../aws/aurora-migrate.ts');
    const { createServices } = await import('../../compose.ts');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    await migrateAurora(
      {
        secrets: new SecretsManagerClient(target.region ? { region: target.region } : {}),
        createServices,
      },
      { config: context.config(), target, ...options, print: printLine },
    );
  }

  return { auroraTarget, migrateDatabase };
}

export function registerAwsDatabaseCommands(
  aws: Command,
  context: CommandContext,
  dependencies: AwsCommandDependencies,
  targets: ResolveTargets,
): void {
  const { auroraTarget, migrateDatabase } = createDatabaseSteps(context, dependencies);

  withAuroraOptions(
    withTargetOptions(
      aws
        .command('migrate')
        .description(
          "migrate the deployed database with the master secret, then create or update the functions' DML-only database user",
        ),
    ),
  )
    .option('--with-demo-user', 'also create the demo user and portfolio (for `alex aws test`)')
    .option('--rotate-password', "store a new password for the functions' database user")
    .action(
      async (
        options: TargetOptions &
          AuroraOptions & { withDemoUser?: boolean; rotatePassword?: boolean },
      ) => {
        const resolved = await targets(options, []);
        const target = await auroraTarget(options, options.region ?? resolved.region);
        await migrateDatabase(target, {
          withDemoUser: Boolean(options.withDemoUser),
          rotatePassword: Boolean(options.rotatePassword),
        });
      },
    );

  withAuroraOptions(
    withTargetOptions(
      aws
        .command('kb')
        .description('the deployed knowledge base')
        .command('ingest [paths...]')
        .description(
          "store notes in the deployed database and embed them into the deployment's S3 Vectors index (default: the shipped corpus)",
        ),
    ),
  ).action(async (paths: string[], options: TargetOptions & AuroraOptions) => {
    const { ingestDeployedKnowledge } = await import('../../aws/knowledge-ingest.ts');
    const { readTerraformOutputs, DEFAULT_TERRAFORM_DIR } =
      await import('../../aws/aws-targets.ts');
    const { STARTER_CORPUS_DIRECTORY } = await import('../../../knowledge/starter-corpus.ts');
    const terraformDir = options.terraformDir ?? join(dependencies.rootDir, DEFAULT_TERRAFORM_DIR);
    const outputs = await (dependencies.readOutputs ?? readTerraformOutputs)(terraformDir);
    const resolved = await targets(options, []);
    const database = await auroraTarget(options, options.region ?? resolved.region);
    const report = await ingestDeployedKnowledge(
      dependencies.createServices ?? (await import('../../compose.ts')).createServices,
      {
        config: context.config(),
        database,
        vectors: {
          vectorBucket: outputs.vector_bucket?.value || undefined,
          vectorIndex: outputs.vector_index?.value || 'financial-research',
          sagemakerEndpoint: outputs.sagemaker_endpoint?.value || undefined,
        },
        paths: paths.length > 0 ? paths : [STARTER_CORPUS_DIRECTORY],
        root: paths.length > 0 ? process.cwd() : dependencies.rootDir,
        print: printLine,
      },
    );
    if (report.documents.some((document) => document.status === 'failed')) process.exitCode = 1;
  });
}
