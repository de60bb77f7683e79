import { describe, expect, it } from 'vitest';
import { describeKnowledgeMode } from './mode.ts';

const base = { embedder: undefined, vectorBucket: undefined, vectorIndex: 'financial-research' };

describe('describeKnowledgeMode', () => {
  it('is full-text only without an embedder, whatever the database offers', () => {
    expect(describeKnowledgeMode(base, 'ready')).toEqual({
      kind: 'fulltext',
      embedder: null,
      vectorStore: null,
      description: 'full-text only: no embedder configured (set ALEX_EMBEDDER for hybrid search)',
    });
  });

  it('names pgvector and the embedder when migration 0003 has run', () => {
    const mode = describeKnowledgeMode(
      { ...base, embedder: 'openai:text-embedding-3-small' },
      'ready',
    );
    expect(mode.kind).toBe('hybrid');
    expect(mode.description).toBe('hybrid: full-text + pgvector (openai:text-embedding-3-small)');
  });

  it('says why an embedder goes unused on a PostgreSQL without pgvector', () => {
    const embedder = { ...base, embedder: 'sagemaker:alex-embedding-endpoint' };
    expect(describeKnowledgeMode(embedder, 'unavailable').description).toBe(
      'full-text only: this PostgreSQL has no vector extension; sagemaker:alex-embedding-endpoint is not used',
    );
    expect(describeKnowledgeMode(embedder, 'not-migrated').description).toMatch(
      /^full-text only: the pgvector migration has not run yet/,
    );
  });

  it('prefers S3 Vectors when VECTOR_BUCKET is set, even without pgvector', () => {
    const mode = describeKnowledgeMode(
      {
        embedder: 'bedrock:default',
        vectorBucket: 'alex-vectors-1',
        vectorIndex: 'financial-research',
      },
      'unavailable',
    );
    expect(mode).toMatchObject({ kind: 'hybrid', vectorStore: 's3vectors' });
    expect(mode.description).toBe(
      'hybrid: full-text + S3 Vectors alex-vectors-1/financial-research (bedrock:default)',
    );
  });
});
