import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DatabaseConfig } from '../config.ts';
import { ConfigError, describeError } from '../errors.ts';
import { isLockFile, lockDataDirectory } from './data-directory-lock.ts';
import { createPgliteAsPool } from './dialects/pglite-pool.ts';
import { copyPgliteTemplate, PG_VERSION_FILE } from './pglite-template.ts';
import type { Database } from './tables.ts';

/** An open database: the Kysely handle plus what other engines (pg-boss) need to share it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseConfig['kind'];
  /** The embedded engine, when kind is 'pglite' (pg-boss runs on it through fromPglite). */
  pglite: PGlite | undefined;
  /** Whether the pgvector extension can be created on this server. */
  vectorAvailable: () => Promise<boolean>;
  /**
   * Whether this open created the embedded data directory as a copy of the prepared template
   * (pglite-template.ts): its starter notes are then stored but, the template being built
   * without an embedder, have no vectors yet.
   */
  createdFromTemplate: boolean;
  close: () => Promise<void>;
}

export interface DatabaseOptions {
  /** Postgres only: put every table in this schema (tests isolate runs this way). */
  schema?: string;
  /** PGlite only: an in-memory database (tests); the default is the on-disk data directory. */
  inMemory?: boolean;
  /** PGlite only: start from a dumped data directory (a prepared template, in tests). */
  loadDataDir?: Blob | File;
  /**
   * PGlite only: false creates a new data directory empty (initdb only), never from the
   * migrated template `npm install` prepares; for tests of an unmigrated database.
   */
  template?: boolean;
}

export async function openDatabase(
  config: DatabaseConfig,
  options: DatabaseOptions = {},
): Promise<DatabaseHandle> {
  switch (config.kind) {
    case 'pglite':
      return openPglite(config.dataDir, options);
    case 'postgres':
      return openPostgres(config.url.reveal(), options.schema);
    case 'aurora':
      return openAurora(config);
  }
}

// Postgres's default buffer pool (128 MB) is zeroed inside PGlite's WebAssembly memory on every
// start: about 0.4 s of CPU, a fifth of `alex serve`'s start-up, and 120 MB of resident memory.
// An Alex database is a few tens of MB, mostly catalogs and WAL, and PGlite reads what the pool
// misses from the operating system's file cache: with 16 MB the demo used 0.6 s less CPU and
// the embedded job_throughput bench was no slower (measured in the commit that set it).
const PGLITE_SHARED_BUFFERS = '16MB';

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  // Loaded only here (like pg and the Data API client below): each path loads its own driver,
  // so the Lambda bundles, which use the Data API, need neither PGlite nor pg.
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const lock = options.inMemory ? undefined : lockDataDirectory(dataDir);
  let pglite: PGlite;
  let createdFromTemplate = false;
  try {
    if (!options.inMemory) refuseForeignFiles(dataDir);
    // A new directory starts as a copy of the migrated template `npm install` prepared, when
    // there is one (pglite-template.ts); a dumped one given by the caller is PGlite's to load.
    const { loadDataDir } = options;
    if (
      !options.inMemory &&
      !loadDataDir &&
      options.template !== false &&
      !existsSync(join(dataDir, PG_VERSION_FILE))
    )
      createdFromTemplate = copyPgliteTemplate(dataDir);
    pglite = await PGlite.create({
      ...(options.inMemory ? {} : { dataDir }),
      ...(loadDataDir ? { loadDataDir } : {}),
      extensions: { vector },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
  } catch (error) {
    lock?.release();
    if (error instanceof ConfigError || options.inMemory) throw error;
    throw new ConfigError(
      'ALEX_DATA_DIR',
      `the embedded database in ${dataDir} cannot be opened (${describeError(error)}); ` +
        'restore it from a backup or point ALEX_DATA_DIR at another directory',
      { cause: error },
    );
  }
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPgliteAsPool(pglite) }),
  });
  return {
    db,
    kind: 'pglite',
    pglite,
    vectorAvailable: () => Promise.resolve(true),
    createdFromTemplate,
    async close() {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * PGlite runs initdb in any directory without a PG_VERSION file, over whatever is there. A
 * directory with other files is someone else's (or a database that lost PG_VERSION): refuse it.
 */
function refuseForeignFiles(dataDir: string): void {
  if (existsSync(join(dataDir, PG_VERSION_FILE))) return;
  const foreign = readdirSync(dataDir).filter((name) => !isLockFile(name));
  if (foreign.length === 0) return;
  throw new ConfigError(
    'ALEX_DATA_DIR',
    `${dataDir} is not empty and holds no database (found ${foreign.slice(0, 3).join(', ')}); ` +
      'point ALEX_DATA_DIR at an empty or new directory',
  );
}

async function openPostgres(url: string, schema: string | undefined): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A client that loses its connection (failover, restart, pg_terminate_backend) emits 'error'
  // on itself; with no listener that is an uncaught exception and the whole worker exits. The
  // pool listens only while a client is idle (and re-emits here); a checked-out client needs its
  // own listener for as long as it lives. Its query already rejects with the same error, which
  // reaches the caller (a job records it as retryable), and the pool drops the dead client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  return {
    db,
    kind: 'postgres',
    pglite: undefined,
    vectorAvailable: () => extensionAvailable(db, 'vector'),
    createdFromTemplate: false,
    close: () => db.destroy(),
  };
}

async function openAurora(
  config: Extract<DatabaseConfig, { kind: 'aurora' }>,
): Promise<DatabaseHandle> {
  // Loaded only here, so the embedded and Postgres paths never load the AWS SDK. The client
  // comes from our module, not from import('@aws-sdk/client-rds-data'): in a Lambda bundle
  // (esbuild, code splitting) a dynamically imported CommonJS package is a chunk whose only
  // export is `default`, so its named exports would be undefined there.
  const { DataApiDialect, createRdsDataClient } = await import('./dialects/data-api-dialect.ts');
  const client = createRdsDataClient(config.region);
  const db = new Kysely<Database>({
    dialect: new DataApiDialect({
      client,
      database: config.database,
      resourceArn: config.clusterArn,
      secretArn: config.secretArn,
    }),
  });
  return {
    db,
    kind: 'aurora',
    pglite: undefined,
    vectorAvailable: () => extensionAvailable(db, 'vector'),
    createdFromTemplate: false,
    close: () => db.destroy(),
  };
}

/** The server offers the extension (installed or installable) — Debian's Postgres lacks pgvector. */
export async function extensionAvailable(db: Kysely<Database>, name: string): Promise<boolean> {
  const result = await sql<{ available: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = ${name}) AS available
  `.execute(db);
  return result.rows[0]?.available === true;
}
