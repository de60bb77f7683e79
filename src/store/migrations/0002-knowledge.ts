// The knowledge base: documents (research notes) split into chunks that are searched by
// full text. `origin` is where a document was read from (its file path), so re-ingesting an
// edited file updates it in place; `content_hash` makes an identical re-ingest a no-op and
// keeps one copy of a chunk whose text appears twice. The tsvector is a generated column so
// it can never fall out of step with the text; the heading (document title › section) is
// weighted above the body so that a note's topic words count for every one of its chunks.
// Embeddings are added by 0003 only where the server has pgvector.
export const migration = {
  name: '0002-knowledge',
  sql: `
CREATE TABLE knowledge_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  origin text NOT NULL UNIQUE CHECK (length(origin) BETWEEN 1 AND 1000),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  source text NOT NULL,
  published date,
  tags text[] NOT NULL DEFAULT '{}',
  content_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_documents_tags_idx ON knowledge_documents USING gin (tags);

CREATE TABLE knowledge_chunks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
  ordinal integer NOT NULL CHECK (ordinal >= 0),
  heading text,
  text text NOT NULL CHECK (length(text) > 0),
  content_hash text NOT NULL UNIQUE,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(heading, '')), 'A') ||
    setweight(to_tsvector('english', text), 'B')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_chunks_search_idx ON knowledge_chunks USING gin (search);
CREATE INDEX knowledge_chunks_document_id_idx ON knowledge_chunks (document_id, ordinal);
`,
};
