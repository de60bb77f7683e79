import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isoFrom } from '../columns.ts';
import type { Database } from '../tables.ts';

// The knowledge base's SQL: documents and chunks, full-text search, and the pgvector
// embeddings of migration 0003. Three portability rules hold throughout, for PGlite, pg and
// the RDS Data API alike: arrays are written with string_to_array and read with
// array_to_string (the Data API takes no array parameters and returns none); dates are read
// as text; vectors are passed as '[x,y,…]' text and cast, which pgvector parses. Text
// parameters are cast to text because the Data API guesses a type from a value's look (a
// query such as "2024-01-01" would otherwise arrive as a date).

/** A document to store, with its chunks (see knowledge/document.ts). */
export interface NewKnowledgeDocument {
  origin: string;
  title: string;
  source: string;
  published: string | null;
  tags: string[];
  contentHash: string;
  chunks: Array<{ ordinal: number; heading: string | null; text: string; contentHash: string }>;
}

export interface StoredKnowledgeDocument {
  id: string;
  origin: string;
  title: string;
  source: string;
  published: string | null;
  tags: string[];
  chunkCount: number;
  updatedAt: string;
}

/** A chunk with the metadata of its document. */
export interface KnowledgeChunk {
  id: string;
  documentId: string;
  ordinal: number;
  heading: string | null;
  text: string;
  title: string;
  source: string;
  published: string | null;
  tags: string[];
}

/** Restrictions every search applies: any of the tags, and a publication date range. */
export interface KnowledgeFilters {
  tags?: readonly string[];
  /** Inclusive, YYYY-MM-DD. Documents without a date are excluded once a bound is set. */
  publishedFrom?: string;
  publishedTo?: string;
}

export interface SaveDocumentResult {
  documentId: string;
  status: 'added' | 'updated' | 'unchanged';
  /** Every chunk of the document after the save, in order. */
  chunks: KnowledgeChunk[];
}

// One fixed key for every knowledge write, so two processes loading the starter corpus at
// the same start-up take turns instead of colliding on the unique hashes.
const KNOWLEDGE_LOCK_KEY = 7_413_902_552;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createKnowledgeRepository(db: Kysely<Database>) {
  async function chunksOf(executor: Kysely<Database>, documentId: string) {
    const result = await sql<ChunkRow>`
      ${chunkSelection()} WHERE c.document_id = ${documentId} ORDER BY c.ordinal
    `.execute(executor);
    return result.rows.map(toChunk);
  }

  return {
    /**
     * Store a document in one transaction. The same content (by hash) is left alone; a new
     * version of a known origin replaces its metadata and chunks, keeping the ids (and
     * embeddings) of chunks whose text did not change; anything else is added. A chunk whose
     * text another document already holds is skipped: it is stored once.
     */
    async saveDocument(document: NewKnowledgeDocument): Promise<SaveDocumentResult> {
      return db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${KNOWLEDGE_LOCK_KEY})`.execute(trx);
        const same = await trx
          .selectFrom('knowledge_documents')
          .select('id')
          .where('content_hash', '=', document.contentHash)
          .executeTakeFirst();
        if (same)
          return { documentId: same.id, status: 'unchanged', chunks: await chunksOf(trx, same.id) };

        const previous = await trx
          .selectFrom('knowledge_documents')
          .select('id')
          .where('origin', '=', document.origin)
          .executeTakeFirst();
        const fields = {
          title: document.title,
          source: document.source,
          published: document.published,
          content_hash: document.contentHash,
        };
        let documentId: string;
        if (previous) {
          documentId = previous.id;
          await trx
            .updateTable('knowledge_documents')
            .set({ ...fields, updated_at: new Date() })
            .where('id', '=', documentId)
            .execute();
          const keep = document.chunks.map((chunk) => chunk.contentHash);
          let removal = trx.deleteFrom('knowledge_chunks').where('document_id', '=', documentId);
          if (keep.length > 0) removal = removal.where('content_hash', 'not in', keep);
          await removal.execute();
        } else {
          const inserted = await trx
            .insertInto('knowledge_documents')
            .values({ origin: document.origin, ...fields })
            .returning('id')
            .executeTakeFirstOrThrow();
          documentId = inserted.id;
        }
        await sql`UPDATE knowledge_documents SET tags = ${textArray(document.tags)} WHERE id = ${documentId}`.execute(
          trx,
        );

        for (const chunk of document.chunks) {
          await trx
            .insertInto('knowledge_chunks')
            .values({
              document_id: documentId,
              ordinal: chunk.ordinal,
              heading: chunk.heading,
              text: chunk.text,
              content_hash: chunk.contentHash,
            })
            .onConflict((conflict) =>
              conflict
                .column('content_hash')
                .doUpdateSet({ ordinal: chunk.ordinal, heading: chunk.heading })
                .where('knowledge_chunks.document_id', '=', documentId),
            )
            .execute();
        }
        return {
          documentId,
          status: previous ? 'updated' : 'added',
          chunks: await chunksOf(trx, documentId),
        };
      });
    },

    async listDocuments(): Promise<StoredKnowledgeDocument[]> {
      const result = await sql<DocumentRow>`
        SELECT d.id, d.origin, d.title, d.source, d.published::text AS published,
               array_to_string(d.tags, ',') AS tags, d.updated_at,
               (SELECT count(*) FROM knowledge_chunks c WHERE c.document_id = d.id)::integer AS chunk_count
        FROM knowledge_documents d
        ORDER BY d.title, d.origin
      `.execute(db);
      return result.rows.map((row) => ({
        id: row.id,
        origin: row.origin,
        title: row.title,
        source: row.source,
        published: row.published,
        tags: splitTags(row.tags),
        chunkCount: Number(row.chunk_count),
        updatedAt: isoFrom(row.updated_at),
      }));
    },

    async countDocuments(): Promise<number> {
      const row = await db
        .selectFrom('knowledge_documents')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /**
     * Chunks matching a full-text query, best first, with ts_rank. `all` is
     * websearch_to_tsquery (every word, "quoted phrases", -exclusions); `any` matches any of
     * the words, for natural questions whose words no single chunk has all of.
     */
    async fullTextSearch(
      query: string,
      options: { match: 'all' | 'any'; filters: KnowledgeFilters; limit: number },
    ): Promise<Array<{ chunkId: string; rank: number }>> {
      const tsquery =
        options.match === 'all'
          ? sql`websearch_to_tsquery('english', ${query}::text)`
          : sql`to_tsquery('english', ${anyWordQuery(query)}::text)`;
      if (options.match === 'any' && anyWordQuery(query) === '') return [];
      const result = await sql<{ id: string; rank: number | string }>`
        SELECT c.id, ts_rank(c.search, q.query) AS rank
        FROM knowledge_chunks c
        JOIN knowledge_documents d ON d.id = c.document_id
        CROSS JOIN (SELECT ${tsquery} AS query) q
        WHERE c.search @@ q.query ${filterSql(options.filters)}
        ORDER BY rank DESC, c.id
        LIMIT ${options.limit}
      `.execute(db);
      return result.rows.map((row) => ({ chunkId: row.id, rank: Number(row.rank) }));
    },

    /** The chunks with these ids that pass the filters (unknown ids are left out). */
    async chunksByIds(
      ids: readonly string[],
      filters: KnowledgeFilters = {},
    ): Promise<KnowledgeChunk[]> {
      // Keys from a shared vector index may not be chunk ids at all (another tool's vectors).
      const chunkIds = ids.filter((id) => UUID.test(id));
      if (chunkIds.length === 0) return [];
      const result = await sql<ChunkRow>`
        ${chunkSelection()}
        WHERE c.id IN (${sql.join(chunkIds.map((id) => sql`${id}::uuid`))}) ${filterSql(filters)}
      `.execute(db);
      return result.rows.map(toChunk);
    },

    /** Whether migration 0003 has added the embedding column in this schema. */
    async hasEmbeddings(): Promise<boolean> {
      const result = await sql<{ present: boolean }>`
        SELECT EXISTS (
          SELECT 1 FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'knowledge_chunks'
            AND column_name = 'embedding'
        ) AS present
      `.execute(db);
      return result.rows[0]?.present === true;
    },

    /** Of these chunks, those without a vector from `model` (needs migration 0003). */
    async chunksWithoutEmbedding(ids: readonly string[], model: string): Promise<string[]> {
      if (ids.length === 0) return [];
      const result = await sql<{ id: string }>`
        SELECT id FROM knowledge_chunks
        WHERE id IN (${sql.join(ids.map((id) => sql`${id}::uuid`))})
          AND (embedding IS NULL OR embedding_model IS DISTINCT FROM ${model})
      `.execute(db);
      return result.rows.map((row) => row.id);
    },

    async saveEmbeddings(
      entries: ReadonlyArray<{ chunkId: string; vector: readonly number[] }>,
      model: string,
    ): Promise<void> {
      if (entries.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const entry of entries) {
          await sql`
            UPDATE knowledge_chunks
            SET embedding = ${vectorSql(entry.vector)}, embedding_model = ${model}
            WHERE id = ${entry.chunkId}
          `.execute(trx);
        }
      });
    },

    /**
     * The chunks nearest to a vector by cosine distance, exactly (no index: see migration
     * 0003), among vectors written by the same model with the same dimension.
     */
    async nearestChunks(
      vector: readonly number[],
      options: { model: string; filters: KnowledgeFilters; limit: number },
    ): Promise<Array<{ chunkId: string; similarity: number }>> {
      const query = vectorSql(vector);
      const result = await sql<{ id: string; distance: number | string }>`
        SELECT c.id, c.embedding <=> ${query} AS distance
        FROM knowledge_chunks c
        JOIN knowledge_documents d ON d.id = c.document_id
        WHERE c.embedding IS NOT NULL AND c.embedding_model = ${options.model}
          AND vector_dims(c.embedding) = ${vector.length} ${filterSql(options.filters)}
        ORDER BY distance, c.id
        LIMIT ${options.limit}
      `.execute(db);
      return result.rows.map((row) => ({ chunkId: row.id, similarity: 1 - Number(row.distance) }));
    },
  };
}

export type KnowledgeRepository = ReturnType<typeof createKnowledgeRepository>;

interface ChunkRow {
  id: string;
  document_id: string;
  ordinal: number;
  heading: string | null;
  text: string;
  title: string;
  source: string;
  published: string | null;
  tags: string;
}

interface DocumentRow {
  id: string;
  origin: string;
  title: string;
  source: string;
  published: string | null;
  tags: string;
  updated_at: Date | string;
  chunk_count: number | string;
}

function chunkSelection(): RawBuilder<unknown> {
  return sql`
    SELECT c.id, c.document_id, c.ordinal, c.heading, c.text, d.title, d.source,
           d.published::text AS published, array_to_string(d.tags, ',') AS tags
    FROM knowledge_chunks c
    JOIN knowledge_documents d ON d.id = c.document_id
  `;
}

function toChunk(row: ChunkRow): KnowledgeChunk {
  return {
    id: row.id,
    documentId: row.document_id,
    ordinal: Number(row.ordinal),
    heading: row.heading,
    text: row.text,
    title: row.title,
    source: row.source,
    published: row.published,
    tags: splitTags(row.tags),
  };
}

/** `AND …` conditions on the document (alias d) for the filters that are set. */
function filterSql(filters: KnowledgeFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.tags && filters.tags.length > 0)
    conditions.push(sql`AND d.tags && ${textArray(filters.tags)}`);
  if (filters.publishedFrom)
    conditions.push(sql`AND d.published >= ${filters.publishedFrom}::date`);
  if (filters.publishedTo) conditions.push(sql`AND d.published <= ${filters.publishedTo}::date`);
  return sql.join(conditions, sql` `);
}

// Tags never contain commas: front matter lists and the CLI both split on them.
function textArray(values: readonly string[]): RawBuilder<unknown> {
  return sql`string_to_array(${values.join(',')}::text, ',')`;
}

function splitTags(text: string | null): string[] {
  return text ? text.split(',').filter((tag) => tag !== '') : [];
}

function vectorSql(vector: readonly number[]): RawBuilder<unknown> {
  return sql`CAST(CAST(${`[${vector.join(',')}]`} AS text) AS vector)`;
}

/** `word | word | …` from the letters and digits of a query, safe for to_tsquery. */
export function anyWordQuery(query: string): string {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].join(' | ');
}
