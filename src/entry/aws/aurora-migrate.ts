import { randomInt } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { ConfigError, NotFoundError, describeError } from '../../errors.ts';
import { parseJson } from '../../parse-json.ts';
import { Secret } from '../../secret.ts';
import type { MigrationReport } from '../../store/migrate.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../../store/seeds/demo-portfolio.ts';
import type { Services, ServicesOptions } from '../compose.ts';
import {
  ensureApplicationUser,
  validateApplicationUser,
  type ApplicationUser,
  type ApplicationUserReport,
} from './app-user.ts';

// `alex aws migrate` (and the first step of `alex deploy`): the operator's machine signs in to
// Aurora with the cluster's master secret through the Data API, applies the migrations, loads
// the reference instruments and the starter knowledge, then creates the functions' own database
// user and grants it DML. The functions themselves only check the schema version.

export interface AuroraDatabaseTarget {
  clusterArn: string;
  /** The cluster's master credentials: read by the operator only, never by a function. */
  masterSecretArn: string;
  /** The application user's credentials (Terraform: aws_secretsmanager_secret.aurora_app). */
  appSecretArn: string;
  /** The application user's name (Terraform: var.aurora_app_username). */
  appUsername: string;
  database: string;
  region: string | undefined;
}

export interface AuroraMigrationDependencies {
  secrets: Pick<SecretsManagerClient, 'send'>;
  createServices: (config: Config, options: ServicesOptions) => Promise<Services>;
}

export interface AuroraMigrationResult {
  migrations: MigrationReport;
  user: ApplicationUserReport;
  /** A new password was generated and stored (first run, new user name, or --rotate-password). */
  passwordWritten: boolean;
  demoUserCreated: boolean;
}

const appSecretSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

/**
 * The application user as stored in its secret, or undefined while the secret has no value
 * (Terraform creates it empty). The password is registered for redaction at once.
 */
export async function readApplicationUser(
  secrets: AuroraMigrationDependencies['secrets'],
  secretArn: string,
): Promise<ApplicationUser | undefined> {
  let text: string | undefined;
  try {
    text = (await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    // A secret without a version answers ResourceNotFoundException for AWSCURRENT.
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw new ConfigError(
      'aurora_app_secret_arn',
      `the application user's secret ${secretArn} could not be read (${describeError(error)}); run \`terraform apply\` in infra/terraform/agents first`,
      { cause: error },
    );
  }
  if (!text?.trim()) return undefined;
  let parsed: z.infer<typeof appSecretSchema>;
  try {
    parsed = parseJson(text, appSecretSchema, 'secret');
  } catch {
    // The parse error could quote the value; say what is wrong without it.
    throw new ConfigError(
      'aurora_app_secret_arn',
      `the secret ${secretArn} must be a JSON object with "username" and "password" (contents not shown)`,
    );
  }
  return { username: parsed.username, password: new Secret(parsed.password) };
}

// Letters and digits only: the password goes into CREATE ROLE ... PASSWORD as a literal, and
// 32 of them (about 190 bits) are far beyond guessing.
const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD_LENGTH = 32;

export function generatePassword(): Secret {
  let password = '';
  for (let index = 0; index < PASSWORD_LENGTH; index += 1) {
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  }
  return new Secret(password);
}

async function writeApplicationUser(
  secrets: AuroraMigrationDependencies['secrets'],
  secretArn: string,
  user: ApplicationUser,
): Promise<void> {
  try {
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        SecretString: JSON.stringify({
          username: user.username,
          password: user.password.reveal(),
        }),
      }),
    );
  } catch (error) {
    throw new ConfigError(
      'aurora_app_secret_arn',
      `the application user's password could not be stored in ${secretArn} (${describeError(error)}); the database user was not changed`,
    );
  }
}

export async function migrateAurora(
  dependencies: AuroraMigrationDependencies,
  options: {
    config: Config;
    target: AuroraDatabaseTarget;
    withDemoUser: boolean;
    /** Generate and store a new password even when the secret has one. */
    rotatePassword: boolean;
    print: (line: string) => void;
  },
): Promise<AuroraMigrationResult> {
  const { target } = options;
  // Read first: an unreadable or malformed secret stops the command before anything changes.
  const stored = await readApplicationUser(dependencies.secrets, target.appSecretArn);
  const keep =
    stored !== undefined && stored.username === target.appUsername && !options.rotatePassword;
  const user: ApplicationUser = keep
    ? stored
    : { username: target.appUsername, password: generatePassword() };
  validateApplicationUser(user);
  const config: Config = {
    ...options.config,
    database: {
      kind: 'aurora',
      clusterArn: target.clusterArn,
      secretArn: target.masterSecretArn,
      database: target.database,
      region: target.region,
    },
  };
  const services = await dependencies.createServices(config, { schema: 'migrate' });
  try {
    const { migrations } = services;
    options.print(
      migrations.applied.length > 0
        ? `migrations applied: ${migrations.applied.join(', ')}`
        : 'migrations: nothing to apply',
    );
    for (const waiting of migrations.waiting) {
      options.print(
        `waiting: ${waiting.name} needs the ${waiting.extension} extension, which this cluster lacks`,
      );
    }
    // The new password is stored before the user gets it: if the next step fails, running the
    // command again reads it back and finishes, instead of leaving a password nobody knows.
    if (!keep) await writeApplicationUser(dependencies.secrets, target.appSecretArn, user);
    const report = await ensureApplicationUser(services.database.db, user, target.database);
    options.print(
      `${report.created ? 'created' : 'updated'} database user ${report.username}${keep ? '' : ` (new password stored in ${target.appSecretArn})`}: SELECT, INSERT, UPDATE, DELETE on ${report.tables.filter((table) => table !== 'alex_migrations').length} tables in ${report.schema}, no DDL`,
    );
    let demoUserCreated = false;
    if (options.withDemoUser) {
      demoUserCreated = await ensureDemoUser(services);
      options.print(
        demoUserCreated
          ? `created the demo user ${DEMO_USER_ID} with its portfolio`
          : `the demo user ${DEMO_USER_ID} exists`,
      );
    }
    return { migrations, user: report, passwordWritten: !keep, demoUserCreated };
  } finally {
    await services.close();
  }
}

async function ensureDemoUser(services: Services): Promise<boolean> {
  try {
    await services.repositories.users.get(DEMO_USER_ID);
    return false;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await seedDemoPortfolio(services.repositories);
    return true;
  }
}
