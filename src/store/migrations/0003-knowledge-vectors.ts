// Embeddings for the knowledge chunks, applied only where the server offers pgvector (PGlite,
// most hosted PostgreSQL, Aurora); elsewhere it waits and search stays full-text only.
//
// The column has no fixed dimension, so any embedder fits (384 for MiniLM, 1024 for Titan v2,
// 1536 for OpenAI's small model); `embedding_model` records which one wrote each vector, and
// search compares only vectors of the configured model and dimension. Without a dimension
// pgvector cannot build an HNSW or IVFFlat index, and none is needed: the corpus is a few
// hundred chunks, for which an exact cosine scan (`<=>` over every row) is cheap and returns
// the true nearest neighbours rather than approximate ones. A corpus of many thousands of
// chunks would add a column of fixed dimension per model with an HNSW index.
export const migration = {
  name: '0003-knowledge-vectors',
  requiresExtension: 'vector',
  sql: `
CREATE EXTENSION IF NOT EXISTS vector;
ALTER TABLE knowledge_chunks ADD COLUMN embedding vector;
ALTER TABLE knowledge_chunks ADD COLUMN embedding_model text;
`,
};
