import type { KnowledgeFilters } from '../store/repositories/knowledge-repository.ts';

/** A chunk's vector with what a store may keep beside it (S3 Vectors keeps it as metadata). */
export interface VectorRecord {
  /** The chunk id: the key under which the vector is stored. */
  chunkId: string;
  vector: number[];
  title: string;
  source: string;
  published: string | null;
  tags: string[];
  text: string;
}

/** One nearest neighbour. */
export interface VectorMatch {
  chunkId: string;
  /** Cosine similarity, 1 for the same direction. Only the order is used by the fusion. */
  similarity: number;
}

/**
 * Where chunk embeddings live and are searched: pgvector inside the database, or S3 Vectors
 * on AWS. Full text always stays in Postgres; a vector store only answers "which chunks are
 * nearest to this vector".
 */
export interface VectorStore {
  /** For notices and `alex config`, e.g. `pgvector` or `S3 Vectors alex-vectors/financial-research`. */
  readonly name: string;
  /** Store or replace the vectors of these chunks, written by `model`. */
  upsert(records: readonly VectorRecord[], model: string): Promise<void>;
  /** Of these chunk ids, the ones with no vector from `model` yet (to embed them now). */
  missing(chunkIds: readonly string[], model: string): Promise<string[]>;
  /** The `topK` chunks nearest to `vector` among those written by `model`, best first. */
  query(
    vector: readonly number[],
    options: { topK: number; model: string; filters: KnowledgeFilters },
  ): Promise<VectorMatch[]>;
}
