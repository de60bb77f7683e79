import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { AGENT_NAMES, type AgentName } from '../../../contracts/jobs.ts';
import { ConfigError } from '../../../errors.ts';
import type { Repositories } from '../../../store/repositories/index.ts';
import { DEMO_USER_ID } from '../../../store/seeds/demo-portfolio.ts';
import type { AwsTargets, TargetFlags, TerraformOutputReader } from '../../aws/aws-targets.ts';
import type { LambdaPackage, PackageOptions } from '../../aws/package-lambdas.ts';
import type { CommandContext } from '../context.ts';
import { numberOption } from '../options.ts';
import { printLine, printNotice } from '../output.ts';

// `alex deploy`, `alex aws test` and `alex aws logs`. The AWS modules (and the SDK) are loaded
// only when one of these runs, so the other commands start without them.

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
}

interface TargetOptions {
  region?: string;
  prefix?: string;
  terraformDir?: string;
}

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

function withTargetOptions(command: Command): Command {
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

export function registerAwsCommands(
  program: Command,
  context: CommandContext,
  dependencies: AwsCommandDependencies = defaultAwsDependencies(),
): void {
  async function targets(
    options: TargetOptions & { bucket?: string; queueUrl?: string },
    needs: ReadonlyArray<'codeBucket' | 'queueUrl'>,
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

  withTargetOptions(
    program
      .command('deploy')
      .description('upload dist/lambda/*.zip to the code bucket and update the five functions'),
  )
    .option('--package', 'run `npm run package` first')
    .option('--dry-run', 'print what would be uploaded and updated; change nothing')
    .option('--agent <name>', `only this function (${AGENT_NAMES.join(', ')})`)
    .option('--bucket <name>', 'code bucket (default: Terraform output code_bucket)')
    .action(
      async (
        options: TargetOptions & {
          package?: boolean;
          dryRun?: boolean;
          agent?: string;
          bucket?: string;
        },
      ) => {
        const { agentOption } = await import('../../aws/aws-targets.ts');
        const { deployLambdas } = await import('../../aws/deploy.ts');
        const { packageLambdas, formatPackageReport } =
          await import('../../aws/package-lambdas.ts');
        const agent = agentOption(options.agent);
        const agents: readonly AgentName[] = agent ? [agent] : AGENT_NAMES;
        const packageDir = join(dependencies.rootDir, 'dist', 'lambda');
        const resolved = await targets(options, ['codeBucket']);
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
          },
        );
      },
    );

  const aws = program.command('aws').description('the deployed AWS system: remote tests and logs');

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
        const resolved = await targets(options, agent === undefined ? ['queueUrl'] : []);
        let repositories: Repositories | undefined;
        if (agent !== 'tagger') {
          if (context.config().database.kind !== 'aurora') {
            throw new ConfigError(
              'AURORA_CLUSTER_ARN',
              '`alex aws test` creates its job in the deployed database: export AURORA_CLUSTER_ARN and AURORA_SECRET_ARN (see docs/deploy-aws.md)',
            );
          }
          repositories = (await context.services()).repositories;
        }
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

/** A dry run must not reach AWS; a client that says so if it ever is asked. */
function noClient(name: string): { send: () => Promise<never> } {
  return { send: () => Promise.reject(new Error(`dry run: the ${name} client must not be used`)) };
}
