import type { KnowledgeConfig } from '../config.ts';

/** Whether the embedding column of migration 0003 exists, and if not, why. */
export type PgvectorState = 'ready' | 'not-migrated' | 'unavailable';

/** How search runs with this configuration and database. */
export interface KnowledgeMode {
  kind: 'hybrid' | 'fulltext';
  /** The embedder in use, or null for full-text only. */
  embedder: string | null;
  /** `pgvector` or `s3vectors`, or null for full-text only. */
  vectorStore: 'pgvector' | 's3vectors' | null;
  /** One line for `alex config` and search notices. */
  description: string;
}

/**
 * Decide the search mode: S3 Vectors when VECTOR_BUCKET is set, else pgvector where migration
 * 0003 has run; either needs an embedder. Anything missing leaves full-text search, and the
 * description says what is missing.
 */
export function describeKnowledgeMode(
  config: Pick<KnowledgeConfig, 'embedder' | 'vectorBucket' | 'vectorIndex'>,
  pgvector: PgvectorState,
): KnowledgeMode {
  const fulltext = (reason: string): KnowledgeMode => ({
    kind: 'fulltext',
    embedder: null,
    vectorStore: null,
    description: `full-text only: ${reason}`,
  });
  const embedder = config.embedder;
  if (!embedder) return fulltext('no embedder configured (set ALEX_EMBEDDER for hybrid search)');
  if (config.vectorBucket) {
    return {
      kind: 'hybrid',
      embedder,
      vectorStore: 's3vectors',
      description: `hybrid: full-text + S3 Vectors ${config.vectorBucket}/${config.vectorIndex} (${embedder})`,
    };
  }
  switch (pgvector) {
    case 'ready':
      return {
        kind: 'hybrid',
        embedder,
        vectorStore: 'pgvector',
        description: `hybrid: full-text + pgvector (${embedder})`,
      };
    case 'not-migrated':
      return fulltext(
        `the pgvector migration has not run yet (run \`alex db migrate\`); ${embedder} is not used`,
      );
    case 'unavailable':
      return fulltext(`this PostgreSQL has no vector extension; ${embedder} is not used`);
  }
}
