import { describeError, InputError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type {
  KnowledgeFilters,
  KnowledgeRepository,
} from '../store/repositories/knowledge-repository.ts';
import { normaliseTags } from './document.ts';
import type { Embedder } from './embedder.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { KnowledgeMode } from './mode.ts';
import type { VectorStore } from './vector-store.ts';

export interface KnowledgeSearchOptions {
  /** How many results; default 5, at most 50. */
  topK?: number;
  /** Keep chunks of documents carrying any of these tags. */
  tags?: readonly string[];
  /** Inclusive publication date bounds, YYYY-MM-DD. */
  publishedFrom?: string;
  publishedTo?: string;
}

/** One search hit: a chunk, the document it belongs to, and how it was found. */
export interface KnowledgeSearchResult {
  /** The chunk id, which reports cite in `sources`. */
  id: string;
  documentId: string;
  title: string;
  source: string;
  /** The document's date, YYYY-MM-DD, or null. */
  date: string | null;
  tags: string[];
  heading: string | null;
  text: string;
  /** Reciprocal rank fusion score; higher is better, comparable within one search only. */
  score: number;
  matchedBy: Array<'fulltext' | 'vector'>;
}

export interface KnowledgeSearchResponse {
  mode: KnowledgeMode;
  results: KnowledgeSearchResult[];
  /** Why results may be fewer or different than expected (full-text only, fallbacks). */
  notices: string[];
}

/** The shape the agents' KnowledgeSearch port returns (src/agents/agent.ts). */
export interface KnowledgeSnippetResult {
  id: string;
  title: string;
  source: string;
  text: string;
  score: number;
}

/** How search runs: the mode, and the embedder and vector store when it is hybrid. */
export interface SearchSetup {
  mode: KnowledgeMode;
  vectors: { embedder: Embedder; store: VectorStore } | undefined;
}

export interface SearchDependencies {
  repository: KnowledgeRepository;
  /** Worked out once from the configuration and the database, on first use. */
  setup: () => Promise<SearchSetup>;
  logger?: Logger;
}

export const DEFAULT_TOP_K = 5;
const MAX_TOP_K = 50;
const MAX_QUERY_CHARS = 1000;
// Each retriever proposes several times more candidates than are returned, so that a chunk
// ranked moderately by both lists can overtake one ranked high by only one.
const CANDIDATES_PER_RESULT = 4;
const MIN_CANDIDATES = 20;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Hybrid search: full text in Postgres (websearch syntax; when no chunk has every word, any
 * word) and, when an embedder and a vector store are configured, nearest vectors; the two
 * rankings are merged by reciprocal rank fusion. If the vector side fails (the embedding
 * service is down) the full-text results are returned with a notice instead of an error, so
 * a report is never lost to a search outage.
 */
export function createKnowledgeSearch(dependencies: SearchDependencies) {
  const { repository, logger } = dependencies;

  async function searchDetailed(
    query: string,
    options: KnowledgeSearchOptions = {},
  ): Promise<KnowledgeSearchResponse> {
    const text = query.trim();
    if (text.length === 0) throw InputError.field('query', 'must not be empty');
    if (text.length > MAX_QUERY_CHARS)
      throw InputError.field('query', `must be at most ${MAX_QUERY_CHARS} characters`);
    const topK = checkTopK(options.topK);
    const filters = checkFilters(options);
    const candidates = Math.max(topK * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const { mode, vectors } = await dependencies.setup();
    const notices = mode.kind === 'fulltext' ? [mode.description] : [];

    let fulltext = await repository.fullTextSearch(text, {
      match: 'all',
      filters,
      limit: candidates,
    });
    if (fulltext.length === 0) {
      fulltext = await repository.fullTextSearch(text, {
        match: 'any',
        filters,
        limit: candidates,
      });
    }

    let nearest: string[] = [];
    if (mode.kind === 'hybrid' && vectors) {
      try {
        const [vector] = await vectors.embedder.embed([text]);
        if (vector) {
          const matches = await vectors.store.query(vector, {
            topK: candidates,
            model: vectors.embedder.model,
            filters,
          });
          nearest = matches.map((match) => match.chunkId);
        }
      } catch (error) {
        notices.push(`vector search failed (${describeError(error)}): full-text results only`);
        logger?.warn({ event: 'knowledge-vector-fail', error: describeError(error) });
      }
    }

    const fused = reciprocalRankFusion<'fulltext' | 'vector'>([
      { source: 'fulltext', ids: fulltext.map((hit) => hit.chunkId) },
      { source: 'vector', ids: nearest },
    ]);
    // Stores other than pgvector cannot apply every filter (S3 Vectors has no date ranges),
    // and may hold keys no longer stored here: reading the chunks applies both rules.
    const chunks = new Map(
      (
        await repository.chunksByIds(
          fused.map((item) => item.id),
          filters,
        )
      ).map((chunk) => [chunk.id, chunk]),
    );
    const unknown = await unknownVectorKeys(
      repository,
      nearest.filter((id) => !chunks.has(id)),
    );
    if (unknown.length > 0) {
      notices.push(unknownKeysNotice(unknown));
      logger?.warn({
        event: 'knowledge-vector-unknown-keys',
        count: unknown.length,
        keys: unknown.slice(0, 3),
      });
    }
    const results = fused.flatMap((item): KnowledgeSearchResult[] => {
      const chunk = chunks.get(item.id);
      if (!chunk) return [];
      return [
        {
          id: chunk.id,
          documentId: chunk.documentId,
          title: chunk.title,
          source: chunk.source,
          date: chunk.published,
          tags: chunk.tags,
          heading: chunk.heading,
          text: chunk.text,
          score: item.score,
          matchedBy: item.matchedBy,
        },
      ];
    });
    return { mode, results: results.slice(0, topK), notices };
  }

  /** The agents' port: the best chunks as snippets with their ids, for citation. */
  async function search(
    query: string,
    options: { topK?: number; tags?: string[] } = {},
  ): Promise<KnowledgeSnippetResult[]> {
    const { results } = await searchDetailed(query, options);
    return results.map(({ id, title, source, text, score }) => ({
      id,
      title,
      source,
      text,
      score,
    }));
  }

  return { searchDetailed, search };
}

export type KnowledgeSearchService = ReturnType<typeof createKnowledgeSearch>;

/**
 * Of the vector hits the filtered read did not return, those this database does not hold at
 * all (the others were only filtered out, e.g. by date). Unknown keys mean the index was
 * filled from another database or corpus: vector search then quietly degrades to full text,
 * which is worth saying.
 */
async function unknownVectorKeys(
  repository: KnowledgeRepository,
  unmatched: readonly string[],
): Promise<string[]> {
  if (unmatched.length === 0) return [];
  const known = new Set((await repository.chunksByIds(unmatched, {})).map((chunk) => chunk.id));
  return unmatched.filter((id) => !known.has(id));
}

function unknownKeysNotice(keys: readonly string[]): string {
  const count =
    keys.length === 1 ? '1 vector hit names a chunk' : `${keys.length} vector hits name chunks`;
  return `${count} this database does not hold (e.g. "${keys[0] ?? ''}"): the vector index was filled from another database or corpus; embed this deployment's notes with \`alex aws kb ingest\``;
}

function checkTopK(topK: number | undefined): number {
  if (topK === undefined) return DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K)
    throw InputError.field('topK', `must be a whole number from 1 to ${MAX_TOP_K}`);
  return topK;
}

function checkFilters(options: KnowledgeSearchOptions): KnowledgeFilters {
  for (const [field, value] of [
    ['publishedFrom', options.publishedFrom],
    ['publishedTo', options.publishedTo],
  ] as const) {
    if (value !== undefined && !(ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))))
      throw InputError.field(field, `must be a date written YYYY-MM-DD (got "${value}")`);
  }
  const tags = normaliseTags(options.tags);
  return {
    ...(tags.length > 0 ? { tags } : {}),
    ...(options.publishedFrom ? { publishedFrom: options.publishedFrom } : {}),
    ...(options.publishedTo ? { publishedTo: options.publishedTo } : {}),
  };
}
