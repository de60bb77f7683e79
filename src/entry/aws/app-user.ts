import { sql, type Kysely } from 'kysely';
import { ConfigError, UpstreamError, describeError } from '../../errors.ts';
import { redactSecrets, type Secret } from '../../secret.ts';
import { tablesCreatedByMigrations } from '../../store/reset.ts';
import type { Database } from '../../store/tables.ts';

// The deployed functions log in to Aurora as an application user that may read and write
// Alex's rows and nothing more: no CREATE, no ALTER, no DROP. The operator's `alex aws migrate`
// (signed in with the cluster's master secret) creates that user with the password stored in
// its own secret (generated there on the first run, aurora-migrate.ts), and grants it DML on
// the tables the migrations made; it runs again after every migration, so a new table is
// granted as soon as it exists.

export interface ApplicationUser {
  username: string;
  password: Secret;
}

export interface GrantTarget {
  database: string;
  /** The schema Alex's tables live in (the master user's current schema, usually public). */
  schema: string;
  /** Alex's tables present in that schema, alex_migrations included. */
  tables: readonly string[];
}

// A plain PostgreSQL identifier: what Terraform's variable allows, and no quoting surprises.
const USERNAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
// The migrations' record: the functions read it (the schema-version check) and never write it.
const MIGRATIONS_TABLE = 'alex_migrations';

function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal for DDL, where no parameter may stand (CREATE ROLE ... PASSWORD). */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Checks the user's name and password before any of them reaches SQL. */
export function validateApplicationUser(user: ApplicationUser): void {
  if (!USERNAME_PATTERN.test(user.username)) {
    throw new ConfigError(
      'aurora_app_username',
      `"${user.username}" is not a plain PostgreSQL user name (lower-case letters, digits and _, starting with a letter or _)`,
    );
  }
  const password = user.password.reveal();
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (password.length < 16 || /[\u0000-\u001f\u007f]/.test(password)) {
    throw new ConfigError(
      'aurora_app_secret',
      'the password must have at least 16 characters and no control characters (`alex aws migrate` generates 32)',
    );
  }
}

/** CREATE ROLE for a new user, ALTER ROLE (the password may have been rotated) for an existing one. */
export function roleStatement(user: ApplicationUser, exists: boolean): string {
  const verb = exists ? 'ALTER ROLE' : 'CREATE ROLE';
  return `${verb} ${identifier(user.username)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(user.password.reveal())}`;
}

/**
 * The grants: connect to the database, use the schema, SELECT/INSERT/UPDATE/DELETE on Alex's
 * tables, only SELECT on the migrations' record, USAGE on the schema's sequences. CREATE on
 * the schema is revoked from PUBLIC (PostgreSQL before 15 grants it to every user) and from the
 * user itself, so the functions cannot create tables even where the server's defaults would let
 * them.
 */
export function grantStatements(username: string, target: GrantTarget): string[] {
  const user = identifier(username);
  const schema = identifier(target.schema);
  const appTables = target.tables
    .filter((table) => table !== MIGRATIONS_TABLE)
    .map((table) => `${schema}.${identifier(table)}`);
  const statements = [
    `GRANT CONNECT ON DATABASE ${identifier(target.database)} TO ${user}`,
    `REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`,
    `REVOKE CREATE ON SCHEMA ${schema} FROM ${user}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${user}`,
  ];
  if (appTables.length > 0) {
    statements.push(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${appTables.join(', ')} TO ${user}`,
    );
  }
  if (target.tables.includes(MIGRATIONS_TABLE)) {
    const migrations = `${schema}.${identifier(MIGRATIONS_TABLE)}`;
    statements.push(
      `REVOKE ALL ON TABLE ${migrations} FROM ${user}`,
      `GRANT SELECT ON TABLE ${migrations} TO ${user}`,
    );
  }
  statements.push(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${user}`);
  return statements;
}

export interface ApplicationUserReport {
  username: string;
  created: boolean;
  schema: string;
  tables: string[];
}

/**
 * Creates (or updates the password of) the application user and grants it DML on Alex's
 * tables. Runs as the master user; refuses to touch that user itself.
 */
export async function ensureApplicationUser(
  db: Kysely<Database>,
  user: ApplicationUser,
  database: string,
): Promise<ApplicationUserReport> {
  validateApplicationUser(user);
  const session = await sql<{ user: string; schema: string }>`
    SELECT current_user AS user, current_schema() AS schema
  `.execute(db);
  const current = session.rows[0];
  if (!current) throw new UpstreamError('Aurora', 'current_user returned no row');
  if (current.user === user.username) {
    throw new ConfigError(
      'aurora_app_username',
      `"${user.username}" is the user this command is signed in as (the master user); the functions need a user of their own`,
    );
  }
  const existing = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${user.username}) AS found
  `.execute(db);
  const exists = existing.rows[0]?.found === true;
  const ours = new Set(tablesCreatedByMigrations());
  const present = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
  `.execute(db);
  const tables = present.rows
    .map((row) => row.tablename)
    .filter((name) => ours.has(name))
    .sort();
  await runWithoutQuoting(
    db,
    roleStatement(user, exists),
    `${exists ? 'updating' : 'creating'} the database user ${user.username}`,
  );
  for (const statement of grantStatements(user.username, {
    database,
    schema: current.schema,
    tables,
  })) {
    await sql.raw(statement).execute(db);
  }
  return { username: user.username, created: !exists, schema: current.schema, tables };
}

/**
 * Runs a statement that holds a password. Its failure is reported without the statement and
 * without the driver's error as cause (either may quote the SQL), the message redacted.
 */
async function runWithoutQuoting(db: Kysely<Database>, statement: string, what: string) {
  try {
    await sql.raw(statement).execute(db);
  } catch (error) {
    throw new UpstreamError('Aurora', `${what}: ${redactSecrets(describeError(error))}`, {
      retryable: false,
    });
  }
}
