import type { Config } from '../config.ts';
import { createKnowledgeService, type KnowledgeService } from '../knowledge/index.ts';
import { createLogger, type Logger } from '../log.ts';
import { openDatabase, type DatabaseHandle } from '../store/database.ts';
import { migrate, type MigrationReport } from '../store/migrate.ts';
import { assertSchemaCurrent } from '../store/schema-version.ts';
import { createRepositories, type Repositories } from '../store/repositories/index.ts';
import { loadReferenceData } from '../store/reset.ts';

/** Everything a command, worker or Lambda handler works with, wired from one Config. */
export interface Services {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  repositories: Repositories;
  migrations: MigrationReport;
  /** The research notes the Reporter searches and cites. */
  knowledge: KnowledgeService;
  close(): Promise<void>;
}

export interface ServicesOptions {
  logger?: Logger;
  /**
   * 'migrate' (default): apply pending migrations and load the reference instruments and the
   * starter knowledge on first start. 'verify': change nothing, only check that the database
   * has every migration this code needs (the Lambda functions, whose database user may not
   * run DDL; `alex aws migrate` prepares their database).
   */
  schema?: 'migrate' | 'verify';
}

/**
 * The composition root: open the database, apply migrations (safe from many processes at
 * once) or verify them, load the reference instruments on first start, and build the
 * repositories.
 */
export async function createServices(
  config: Config,
  options: ServicesOptions = {},
): Promise<Services> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const database = await openDatabase(config.database);
  const migrating = options.schema !== 'verify';
  try {
    let migrations: MigrationReport = { applied: [], waiting: [] };
    if (migrating) {
      migrations = await migrate(database.db, { vectorAvailable: database.vectorAvailable });
      if (migrations.applied.length > 0)
        logger.info({ event: 'db-migrate', applied: migrations.applied });
    } else {
      await assertSchemaCurrent(database.db, { vectorAvailable: database.vectorAvailable });
    }
    const repositories = createRepositories(database.db);
    if (migrating && (await repositories.instruments.list()).length === 0) {
      const count = await loadReferenceData(database);
      logger.info({ event: 'reference-load', instruments: count });
    }
    const knowledge = createKnowledgeService({
      db: database.db,
      config: config.knowledge,
      llm: config.llm,
      vectorAvailable: database.vectorAvailable,
      logger,
    });
    // The starter corpus is ingested once, on the first start of an empty knowledge base; a
    // data directory copied from the template has it already, and only embeds it (when an
    // embedder is configured).
    const starter = migrating
      ? await knowledge.ensureStarterCorpus({ fromTemplate: database.createdFromTemplate })
      : undefined;
    if (starter) {
      logger.info({ event: 'knowledge-starter-load', documents: starter.documents.length });
      for (const notice of starter.notices) logger.warn({ event: 'knowledge-notice', notice });
    }
    return {
      config,
      logger,
      database,
      repositories,
      migrations,
      knowledge,
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
