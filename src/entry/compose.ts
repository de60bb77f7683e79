import type { Config } from '../config.ts';
import { createKnowledgeService, type KnowledgeService } from '../knowledge/index.ts';
import { createLogger, type Logger } from '../log.ts';
import { openDatabase, type DatabaseHandle } from '../store/database.ts';
import { migrate, type MigrationReport } from '../store/migrate.ts';
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

/**
 * The composition root: open the database, apply migrations (safe from many processes at
 * once), load the reference instruments on first start, and build the repositories.
 */
export async function createServices(
  config: Config,
  options: { logger?: Logger } = {},
): Promise<Services> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const database = await openDatabase(config.database);
  try {
    const migrations = await migrate(database.db, { vectorAvailable: database.vectorAvailable });
    if (migrations.applied.length > 0)
      logger.info({ event: 'db-migrate', applied: migrations.applied });
    const repositories = createRepositories(database.db);
    if ((await repositories.instruments.list()).length === 0) {
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
    // The starter corpus is ingested once, on the first start of an empty knowledge base.
    const starter = await knowledge.ensureStarterCorpus();
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
