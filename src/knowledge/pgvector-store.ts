import type { KnowledgeRepository } from '../store/repositories/knowledge-repository.ts';
import type { VectorStore } from './vector-store.ts';

/**
 * Vectors in the `embedding` column of knowledge_chunks (migration 0003). Metadata lives in
 * the same rows, so upsert keeps only the vector and its model.
 */
export function createPgvectorStore(repository: KnowledgeRepository): VectorStore {
  return {
    name: 'pgvector',
    upsert: (records, model) =>
      repository.saveEmbeddings(
        records.map((record) => ({ chunkId: record.chunkId, vector: record.vector })),
        model,
      ),
    missing: (chunkIds, model) => repository.chunksWithoutEmbedding(chunkIds, model),
    query: (vector, options) =>
      repository.nearestChunks(vector, {
        model: options.model,
        filters: options.filters,
        limit: options.topK,
      }),
  };
}
