// Job dependencies for tests: the real agents (offline unless a model registry is given), the
// real repositories on a test database, stored prices, and a recorder for progress events.
import { loadConfig } from '../../src/config.ts';
import { createAgentSet } from '../../src/entry/agent-set.ts';
import { DEFAULT_JOB_SETTINGS, type JobDeps, type ProgressEvent } from '../../src/jobs/index.ts';
import { createModelRegistry } from '../../src/llm/index.ts';
import { silentLogger } from '../../src/log.ts';
import { createStoredPriceSource, refreshPrices } from '../../src/market/index.ts';
import { loadLifeTable } from '../../src/store/reference/life-table.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import type { TestDatabase } from './database.ts';

/** A fixed clock: every test sees the same "now". */
export const TEST_NOW = new Date('2026-11-24T12:00:00.000Z');

export function createTestJobDeps(
  database: TestDatabase,
  overrides: Partial<JobDeps> = {},
): { deps: JobDeps; repositories: Repositories; events: ProgressEvent[] } {
  const repositories = createRepositories(database.db);
  const stored = createStoredPriceSource(repositories.instruments);
  const events: ProgressEvent[] = [];
  const deps: JobDeps = {
    repositories,
    agents: createAgentSet(),
    models: createModelRegistry(loadConfig({}).llm),
    refreshPrices: (symbols) => refreshPrices({ symbols, source: stored, fallback: stored }),
    // The shipped life table, as the job runtime passes it (createJobRuntimeWithAgents).
    lifeTable: loadLifeTable(),
    logger: silentLogger(),
    now: () => TEST_NOW,
    onProgress: (event) => events.push(event),
    settings: { ...DEFAULT_JOB_SETTINGS, specialistTimeoutMs: 30_000 },
    ...overrides,
  };
  return { deps, repositories, events };
}
