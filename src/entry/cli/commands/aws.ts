import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../../config.ts';
import { AGENT_NAMES } from '../../../contracts/jobs.ts';
import { LAMBDA_FUNCTIONS, type LambdaFunctionName } from '../../aws/lambda-functions.ts';
import { ConfigError } from '../../../errors.ts';
import type { Repositories } from '../../../store/repositories/index.ts';
import { DEMO_USER_ID } from '../../../store/seeds/demo-portfolio.ts';
import type { AwsTargets, TargetFlags } from '../../aws/aws-targets.ts';
import type { Services } from '../../compose.ts';
import type { CommandContext } from '../context.ts';
import { createDatabaseSteps, registerAwsDatabaseCommands } from './aws-database.ts';
import {
  withAuroraOptions,
  withTargetOptions,
  type AuroraOptions,
  type AwsCommandDependencies,
  type TargetOptions,
} from './aws-options.ts';
import { numberOption } from '../options.ts';
import { printLine, printNotice } from '../output.ts';

// `alex deploy`, `alex aws migrate`, `alex aws rollback`, `alex aws test` and `alex aws logs`.
// The AWS modules (and the SDK) are loaded only when one of these runs, so the other commands
// start without them.

export type { AwsClients, AwsCommandDependencies } from './aws-options.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// The planner's own limit is 900 s; a first run also waits for cold starts and a paused Aurora.
const DEFAULT_TEST_TIMEOUT_SECONDS = 900;
const JOB_POLL_MS = 5_000;
const LOG_POLL_MS = 3_000;
// A symbol from the shipped reference data (classified without a model) and one that is not
// (classified by the configured model), so both paths of the tagger are exercised.
const DEFAULT_TAGGER_SYMBOLS = ['VTI', 'ARKK'];

export function defaultAwsDependencies(): AwsCommandDependencies {
  return {
    rootDir: REPOSITORY_ROOT,
    async clients(region) {
      const [s3, lambda, sqs, logs] = await Promise.all([
        import('@aws-sdk/client-s3'),
        import('@aws-sdk/client-lambda'),
        import('@aws-sdk/client-sqs'),
        import('@aws-sdk/client-cloudwatch-logs'),
      ]);
      const config = region ? { region } : {};
      return {
        s3: new s3.S3Client(config),
        lambda: new lambda.LambdaClient(config),
        sqs: new sqs.SQSClient(config),
        logs: new logs.CloudWatchLogsClient(config),
      };
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
}

export function registerAwsCommands(
  program: Command,
  context: CommandContext,
  dependencies: AwsCommandDependencies = defaultAwsDependencies(),
): void {
  async function targets(
    options: TargetOptions & { bucket?: string; queueUrl?: string },
    needs: ReadonlyArray<'codeBucket' | 'queueUrl' | 'region'>,
  ): Promise<AwsTargets> {
    const { resolveAwsTargets, readTerraformOutputs, DEFAULT_TERRAFORM_DIR } =
      await import('../../aws/aws-targets.ts');
    const flags: TargetFlags = {
      region: options.region,
      bucket: options.bucket,
      prefix: options.prefix,
      queueUrl: options.queueUrl,
      terraformDir: options.terraformDir,
    };
    return resolveAwsTargets(flags, {
      needs,
      readOutputs: dependencies.readOutputs ?? readTerraformOutputs,
      defaultTerraformDir: join(dependencies.rootDir, DEFAULT_TERRAFORM_DIR),
      defaultRegion: context.config().awsRegion,
    });
  }

  const { auroraTarget, migrateDatabase } = createDatabaseSteps(context, dependencies);

  async function rollback(options: TargetOptions & { agent?: string }): Promise<void> {
    const { functionOption } = await import('../../aws/aws-targets.ts');
    const { rollbackLambdas } = await import('../../aws/live-alias.ts');
    const only = functionOption(options.agent);
    const resolved = await targets(options, []);
    const clients = await dependencies.clients(resolved.region);
    await rollbackLambdas(clients.lambda, {
      agents: only ? [only] : LAMBDA_FUNCTIONS,
      functionNames: resolved.functionNames,
      print: printLine,
    });
    printNotice('rolled back: every live alias serves its previous version');
  }

  withAuroraOptions(
    withTargetOptions(
      program
        .command('deploy')
        .description(
          'migrate the database, upload dist/lambda/*.zip, update and publish the functions (specialists first) and switch their live aliases',
        ),
    ),
  )
    .option('--package', 'run `npm run package` first')
    .option('--dry-run', 'print what would be uploaded and updated; change nothing')
    .option('--agent <name>', `only this function (${LAMBDA_FUNCTIONS.join(', ')})`)
    .option('--bucket <name>', 'code bucket (default: Terraform output code_bucket)')
    .option('--skip-migrate', 'do not run `alex aws migrate` first (the schema is already current)')
    .option('--rollback', 'move every live alias back to its previous version; nothing else')
    .action(
      async (
        options: TargetOptions &
          AuroraOptions & {
            package?: boolean;
            dryRun?: boolean;
            agent?: string;
            bucket?: string;
            skipMigrate?: boolean;
            rollback?: boolean;
          },
      ) => {
        if (options.rollback) return rollback(options);
        const { functionOption } = await import('../../aws/aws-targets.ts');
        const { deployLambdas } = await import('../../aws/deploy.ts');
        const { packageLambdas, formatPackageReport } =
          await import('../../aws/package-lambdas.ts');
        const only = functionOption(options.agent);
        const agents: readonly LambdaFunctionName[] = only ? [only] : LAMBDA_FUNCTIONS;
        const packageDir = join(dependencies.rootDir, 'dist', 'lambda');
        const resolved = await targets(options, ['codeBucket']);
        // Resolved before anything is uploaded, so a missing output stops the deploy early.
        const database =
          options.skipMigrate || options.dryRun
            ? undefined
            : await auroraTarget(options, resolved.region);
        if (options.package) {
          const packages = await (dependencies.packageLambdas ?? packageLambdas)({
            rootDir: dependencies.rootDir,
            outDir: packageDir,
            agents,
          });
          printLine(formatPackageReport(packages));
        }
        const clients = options.dryRun ? undefined : await dependencies.clients(resolved.region);
        await deployLambdas(
          { s3: clients?.s3 ?? noClient('s3'), lambda: clients?.lambda ?? noClient('lambda') },
          {
            packageDir,
            agents,
            targets: { ...resolved, codeBucket: resolved.codeBucket ?? '' },
            dryRun: Boolean(options.dryRun),
            print: printLine,
            sleep: dependencies.sleep,
            ...(database
              ? {
                  beforeUpdate: () =>
                    migrateDatabase(database, { withDemoUser: false, rotatePassword: false }),
                }
              : {}),
          },
        );
      },
    );

  const aws = program
    .command('aws')
    .description('the deployed AWS system: database migration, rollback, remote tests and logs');

  registerAwsDatabaseCommands(aws, context, dependencies, targets);

  withTargetOptions(
    aws
      .command('rollback')
      .description(
        'move every live alias back to its previous version (same as deploy --rollback)',
      ),
  )
    .option('--agent <name>', `only this function (${LAMBDA_FUNCTIONS.join(', ')})`)
    .action((options: TargetOptions & { agent?: string }) => rollback(options));

  withTargetOptions(
    aws
      .command('test')
      .description(
        'test the deployed functions: a full analysis through SQS, or one function with --agent',
      ),
  )
    .option('--agent <name>', `test one function (${AGENT_NAMES.join(', ')})`)
    .option('--symbol <symbols...>', 'symbols for the tagger test', DEFAULT_TAGGER_SYMBOLS)
    .option(
      '--user <id>',
      'user whose portfolio is analysed (the demo user is created if missing)',
      DEMO_USER_ID,
    )
    .option('--queue-url <url>', 'job queue (default: Terraform output sqs_queue_url)')
    .option(
      '--timeout <seconds>',
      'how long to wait for the job',
      String(DEFAULT_TEST_TIMEOUT_SECONDS),
    )
    .action(
      async (
        options: TargetOptions & {
          agent?: string;
          symbol: string[];
          user: string;
          queueUrl?: string;
          timeout: string;
        },
      ) => {
        const { agentOption } = await import('../../aws/aws-targets.ts');
        const { runRemoteTest } = await import('../../aws/remote-test.ts');
        const agent = agentOption(options.agent);
        const timeoutSeconds =
          numberOption('--timeout', options.timeout, { min: 1, max: 3600 }) ??
          DEFAULT_TEST_TIMEOUT_SECONDS;
        const { assertSameRegion } = await import('../../aws/aws-targets.ts');
        const resolved = await targets(
          options,
          agent === undefined ? ['queueUrl', 'region'] : ['region'],
        );
        const config = context.config();
        assertSameRegion(resolved.region, {
          awsRegion: config.awsRegion,
          clusterArn: config.database.kind === 'aurora' ? config.database.clusterArn : undefined,
        });
        let deployed: Services | undefined;
        if (agent !== 'tagger') {
          if (config.database.kind !== 'aurora') {
            throw new ConfigError(
              'AURORA_CLUSTER_ARN',
              '`alex aws test` creates its job in the deployed database: export AURORA_CLUSTER_ARN and AURORA_SECRET_ARN (see docs/deploy-aws.md)',
            );
          }
          // The database client goes to the deployment's region, whatever the SDK's default.
          const databaseConfig: Config = {
            ...config,
            database: { ...config.database, region: resolved.region },
          };
          deployed = await (dependencies.openDeployedDatabase ?? openWithoutMigrating)(
            databaseConfig,
          );
        }
        const repositories: Repositories | undefined = deployed?.repositories;
        try {
          const clients = await dependencies.clients(resolved.region);
          const result = await runRemoteTest(clients, {
            agent,
            targets: resolved,
            repositories,
            userId: options.user,
            symbols: options.symbol,
            timeoutMs: timeoutSeconds * 1000,
            pollMs: JOB_POLL_MS,
            sleep: dependencies.sleep,
            print: printLine,
          });
          const failed = result.checks.filter((check) => !check.passed).length;
          if (result.passed) {
            printNotice(`aws test passed (${result.checks.length} checks)`);
          } else {
            printNotice(`aws test FAILED: ${failed} of ${result.checks.length} checks`);
            process.exitCode = 1;
          }
        } finally {
          await deployed?.close();
        }
      },
    );

  withTargetOptions(aws.command('logs').description("the functions' recent CloudWatch log lines"))
    .option('--agent <name>', `one function's logs (${AGENT_NAMES.join(', ')})`)
    .option('--job <id>', 'only the lines of this job')
    .option('--since <minutes>', 'how far back to start', '30')
    .option('--follow', 'keep printing new lines until Ctrl-C')
    .action(
      async (
        options: TargetOptions & { agent?: string; job?: string; since: string; follow?: boolean },
      ) => {
        const { agentOption } = await import('../../aws/aws-targets.ts');
        const { tailLogs } = await import('../../aws/tail-logs.ts');
        const agent = agentOption(options.agent);
        const sinceMinutes =
          numberOption('--since', options.since, { min: 0, max: 43_200, integer: true }) ?? 30;
        const resolved = await targets(options, []);
        const clients = await dependencies.clients(resolved.region);
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        try {
          const printed = await tailLogs(clients.logs, {
            agents: agent ? [agent] : AGENT_NAMES,
            targets: resolved,
            sinceMs: sinceMinutes * 60_000,
            follow: Boolean(options.follow),
            jobId: options.job,
            pollMs: LOG_POLL_MS,
            now: dependencies.now,
            sleep: dependencies.sleep,
            signal: stop.signal,
            print: printLine,
          });
          if (printed === 0 && !options.follow)
            printNotice(`no log lines in the last ${sinceMinutes} minutes`);
        } finally {
          process.removeListener('SIGINT', onSignal);
        }
      },
    );
}

/** The deployed database, its schema checked but never migrated, nothing seeded. */
async function openWithoutMigrating(config: Config): Promise<Services> {
  const { createServices } = await import('../../compose.ts');
  return createServices(config, { schema: 'verify' });
}

/** A dry run must not reach AWS; a client that says so if it ever is asked. */
function noClient(name: string): { send: () => Promise<never> } {
  return { send: () => Promise.reject(new Error(`dry run: the ${name} client must not be used`)) };
}
