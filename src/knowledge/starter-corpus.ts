import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestPaths, type IngestDependencies, type IngestReport } from './ingest.ts';

/** The research notes shipped in `data/knowledge/` (see its README.md). */
export const STARTER_CORPUS_DIRECTORY = fileURLToPath(
  new URL('../../data/knowledge/', import.meta.url),
);
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the caller knows about the database the corpus goes into. */
export interface StarterCorpusOptions {
  /**
   * The database was just created as a copy of the prepared template, which carries the
   * starter notes stored but not embedded (it is built without an embedder).
   */
  fromTemplate?: boolean;
}

/**
 * Ingest the starter corpus when the knowledge base is empty, so a first start has notes to
 * cite. Returns undefined when there was nothing to do. Origins are relative to the project
 * root (`data/knowledge/…`), the same as `alex kb ingest data/knowledge` run from there, so
 * a later ingest of an edited note updates it rather than adding a second copy.
 * On a database just copied from the template the notes are already there; with an embedder
 * configured they are ingested once more, which finds every note unchanged and embeds its
 * chunks: the vectors a first start without the template would have written.
 */
export async function ensureStarterCorpus(
  dependencies: IngestDependencies,
  directory = STARTER_CORPUS_DIRECTORY,
  options: StarterCorpusOptions = {},
): Promise<IngestReport | undefined> {
  if ((await dependencies.repository.countDocuments()) > 0) {
    if (!options.fromTemplate || !dependencies.vectors) return undefined;
  } else if (!existsSync(directory)) {
    return {
      documents: [],
      notices: [`the starter corpus is not at ${directory}; the knowledge base stays empty`],
    };
  }
  return ingestPaths(dependencies, [directory], { root: PROJECT_ROOT });
}
