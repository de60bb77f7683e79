// The template `npm install` prepares for new embedded data directories holds what a first start
// would otherwise load itself (compose.ts): the reference instruments (about 0.1 s of CPU) and
// the starter knowledge notes (about 0.3 s: 147 chunks, one statement each). Composed here
// because the store, which writes the template, does not import the knowledge module.
import { ensureStarterCorpus } from '../knowledge/starter-corpus.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { writePgliteTemplate, type TemplateBuildOptions } from '../store/pglite-template-writer.ts';
import { createKnowledgeRepository } from '../store/repositories/knowledge-repository.ts';
import { loadReferenceData } from '../store/reset.ts';

/** Build the template for the current code and data; see writePgliteTemplate. */
export function buildPgliteTemplate(options: TemplateBuildOptions = {}): Promise<string> {
  return writePgliteTemplate(loadFirstStartData, options);
}

async function loadFirstStartData(handle: DatabaseHandle): Promise<void> {
  await loadReferenceData(handle);
  // The same ingest a first start without an embedder runs. The template serves every
  // configuration, so it holds no vectors: a first start with an embedder embeds the notes
  // itself (createServices).
  const report = await ensureStarterCorpus({ repository: createKnowledgeRepository(handle.db) });
  // A note the ingest could not store would make the template differ from a first start, which
  // would report it: no template then, and each first start loads the notes itself.
  const failed = report?.documents.find((document) => document.status === 'failed');
  if (failed) {
    throw new Error(
      `the starter note ${failed.origin} could not be ingested (${failed.error ?? 'no reason given'})`,
    );
  }
}
