import type { KnowledgeSearch, KnowledgeSnippet } from '../agent.ts';

/** The notes a report drew on, in the order first retrieved, each once. */
export interface SourceList {
  add(snippets: readonly KnowledgeSnippet[]): void;
  /** `sources` of the payload: id and title of every note retrieved. */
  list(): Array<{ id: string; title: string }>;
  /** The retrieved notes themselves. */
  snippets(): KnowledgeSnippet[];
}

export function createSourceList(): SourceList {
  const byId = new Map<string, KnowledgeSnippet>();
  return {
    add(snippets) {
      for (const snippet of snippets) if (!byId.has(snippet.id)) byId.set(snippet.id, snippet);
    },
    list: () => [...byId.values()].map(({ id, title }) => ({ id, title })),
    snippets: () => [...byId.values()],
  };
}

/** Fixed searches, one per query, a couple of notes each (both writers use them). */
export async function searchNotes(
  knowledge: KnowledgeSearch,
  queries: readonly string[],
  sources: SourceList,
  topK = 2,
): Promise<Map<string, KnowledgeSnippet[]>> {
  const byQuery = new Map<string, KnowledgeSnippet[]>();
  for (const query of new Set(queries)) {
    const found = await knowledge.search(query, { topK });
    sources.add(found);
    byQuery.set(query, found);
  }
  return byQuery;
}
