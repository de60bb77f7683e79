import type { S3VectorsClient } from '@aws-sdk/client-s3vectors';
import type { Kysely } from 'kysely';
import type { KnowledgeConfig, LlmConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import {
  createKnowledgeRepository,
  type KnowledgeRepository,
  type StoredKnowledgeDocument,
} from '../store/repositories/knowledge-repository.ts';
import type { Database } from '../store/tables.ts';
import type { Embedder } from './embedder.ts';
import { createEmbedder, type EmbedderOptions } from './embedders.ts';
import { ingestPaths, type IngestDependencies, type IngestReport } from './ingest.ts';
import { describeKnowledgeMode, type KnowledgeMode, type PgvectorState } from './mode.ts';
import { createPgvectorStore } from './pgvector-store.ts';
import {
  createKnowledgeSearch,
  type KnowledgeSearchOptions,
  type KnowledgeSearchResponse,
  type KnowledgeSnippetResult,
  type SearchSetup,
} from './search.ts';
import { ensureStarterCorpus, type StarterCorpusOptions } from './starter-corpus.ts';
import type { VectorStore } from './vector-store.ts';

export interface KnowledgeServiceDependencies {
  db: Kysely<Database>;
  config: KnowledgeConfig;
  /** Base URL and API keys of the OpenAI and OpenAI-compatible embedders. */
  llm: LlmConfig;
  /** Whether the server offers pgvector (DatabaseHandle.vectorAvailable). */
  vectorAvailable: () => Promise<boolean>;
  logger?: Logger;
  /** Replace the embedder built from `config.embedder` (tests); null for none. */
  embedder?: Embedder | null;
  /** The S3 Vectors client to use when VECTOR_BUCKET is set (tests); else one for the region. */
  s3VectorsClient?: S3VectorsClient;
  embedderOptions?: EmbedderOptions;
}

/** The knowledge base: ingest, list, search. `search` satisfies the agents' KnowledgeSearch. */
export interface KnowledgeService {
  mode(): Promise<KnowledgeMode>;
  search(
    query: string,
    options?: { topK?: number; tags?: string[] },
  ): Promise<KnowledgeSnippetResult[]>;
  searchDetailed(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgeSearchResponse>;
  /** Ingest files and folders; origins relative to `root` (default: the working directory). */
  ingest(paths: readonly string[], options?: { root?: string }): Promise<IngestReport>;
  /**
   * Load `data/knowledge/` when the knowledge base is empty (or, on a database just copied from
   * the template, embed its notes when an embedder is configured); undefined when there was
   * nothing to do.
   */
  ensureStarterCorpus(options?: StarterCorpusOptions): Promise<IngestReport | undefined>;
  list(): Promise<StoredKnowledgeDocument[]>;
}

/**
 * Wire the knowledge base from configuration. The embedder is built (and its settings checked)
 * now; the mode, which needs the database, is worked out on first use and kept.
 */
export function createKnowledgeService(
  dependencies: KnowledgeServiceDependencies,
): KnowledgeService {
  const { db, config, logger } = dependencies;
  const repository = createKnowledgeRepository(db);
  const embedder =
    dependencies.embedder === undefined
      ? createEmbedder(config, dependencies.llm, dependencies.embedderOptions)
      : (dependencies.embedder ?? undefined);
  const effectiveConfig = { ...config, embedder: embedder?.model };

  let setup: Promise<SearchSetup> | undefined;
  const resolveSetup = () => {
    setup ??= (async () => {
      const mode = describeKnowledgeMode(
        effectiveConfig,
        await pgvectorState(repository, dependencies.vectorAvailable),
      );
      const store = embedder ? await vectorStoreFor(mode, dependencies, repository) : undefined;
      return { mode, vectors: embedder && store ? { embedder, store } : undefined };
    })();
    return setup;
  };
  const optionalLogger = logger ? { logger } : {};
  const search = createKnowledgeSearch({ repository, setup: resolveSetup, ...optionalLogger });
  const ingestDependencies = async (): Promise<IngestDependencies> => ({
    repository,
    vectors: (await resolveSetup()).vectors,
    ...optionalLogger,
  });

  return {
    mode: async () => (await resolveSetup()).mode,
    search: search.search,
    searchDetailed: search.searchDetailed,
    ingest: async (paths, options) => ingestPaths(await ingestDependencies(), paths, options),
    ensureStarterCorpus: async (options) =>
      ensureStarterCorpus(await ingestDependencies(), undefined, options),
    list: () => repository.listDocuments(),
  };
}

/** The search mode for `alex config`, without building an embedder. */
export async function resolveKnowledgeMode(options: {
  db: Kysely<Database>;
  config: KnowledgeConfig;
  vectorAvailable: () => Promise<boolean>;
}): Promise<KnowledgeMode> {
  const repository = createKnowledgeRepository(options.db);
  return describeKnowledgeMode(
    options.config,
    await pgvectorState(repository, options.vectorAvailable),
  );
}

async function pgvectorState(
  repository: KnowledgeRepository,
  vectorAvailable: () => Promise<boolean>,
): Promise<PgvectorState> {
  if (await repository.hasEmbeddings()) return 'ready';
  return (await vectorAvailable()) ? 'not-migrated' : 'unavailable';
}

async function vectorStoreFor(
  mode: KnowledgeMode,
  dependencies: KnowledgeServiceDependencies,
  repository: KnowledgeRepository,
): Promise<VectorStore | undefined> {
  switch (mode.vectorStore) {
    case 's3vectors': {
      // The AWS SDK is loaded only when S3 Vectors is the store, not on every start.
      const { createS3VectorsClient, createS3VectorsStore } = await import('./s3-vectors-store.ts');
      const { config } = dependencies;
      const client = dependencies.s3VectorsClient ?? createS3VectorsClient(config.region);
      return createS3VectorsStore({
        client,
        bucket: config.vectorBucket ?? '',
        index: config.vectorIndex,
      });
    }
    case 'pgvector':
      return createPgvectorStore(repository);
    case null:
      return undefined;
  }
}

export { describeKnowledgeMode, type KnowledgeMode } from './mode.ts';
export type { Embedder } from './embedder.ts';
export { createEmbedder } from './embedders.ts';
export type { VectorStore, VectorRecord, VectorMatch } from './vector-store.ts';
export type {
  KnowledgeSearchOptions,
  KnowledgeSearchResponse,
  KnowledgeSearchResult,
  KnowledgeSnippetResult,
} from './search.ts';
export type { IngestReport, IngestedDocument } from './ingest.ts';
export type { StoredKnowledgeDocument } from '../store/repositories/knowledge-repository.ts';
