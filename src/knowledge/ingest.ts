import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeError, InputError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type {
  KnowledgeChunk,
  KnowledgeRepository,
} from '../store/repositories/knowledge-repository.ts';
import { readKnowledgeDocument, type KnowledgeDocument } from './document.ts';
import type { Embedder } from './embedder.ts';
import type { VectorStore } from './vector-store.ts';

/** What ingestion writes to: the database always, a vector store when an embedder is set. */
export interface IngestDependencies {
  repository: KnowledgeRepository;
  /** Both or neither: without them documents are indexed for full-text search only. */
  vectors?: { embedder: Embedder; store: VectorStore } | undefined;
  logger?: Logger;
}

export interface IngestedDocument {
  origin: string;
  title: string | null;
  /**
   * `unchanged`: the same content was already stored; `failed`: see `error` (the run exits
   * non-zero); `skipped`: found in a folder but not a note Alex reads, see `reason`.
   */
  status: 'added' | 'updated' | 'unchanged' | 'failed' | 'skipped';
  chunks: number;
  /** Chunks given a vector by this run (earlier runs' vectors are not counted again). */
  embedded: number;
  error?: string;
  reason?: string;
}

export interface IngestReport {
  documents: IngestedDocument[];
  /** Things a person should know, e.g. that embedding failed and will be retried. */
  notices: string[];
}

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

// A research note is a few pages: the longest starter note is under 10 KB. 1 MB is a hundred
// times that and still a few thousand chunks at most; past it a file is a dump or a mistake
// (a 50 MB file once became 76,860 chunks), so it fails rather than flooding the index.
export const MAX_NOTE_BYTES = 1024 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Ingest files and folders (recursively: `.md`, `.markdown` and `.txt`; a folder's README.md
 * and hidden files are skipped). One rule for what is read: a regular file with a note's
 * extension, at most MAX_NOTE_BYTES of UTF-8 text without NUL bytes; symbolic links are never
 * followed. A path named on the command line that breaks the rule fails; a file found in a
 * folder that is not a note (a link, another extension, a README) is listed as skipped.
 * Every file gets its own outcome: one that fails (unreadable, too large, not text, rejected
 * by the database) is reported and the others are still ingested.
 * Each document is saved in its own transaction, then its chunks that have no vector from the
 * configured embedder are embedded. Embedding happens after the commit so no transaction waits
 * on a network call; if it fails the document is still searchable by full text and the next
 * ingest embeds what is missing.
 * Origins are paths relative to `root` (default: the working directory).
 */
export async function ingestPaths(
  dependencies: IngestDependencies,
  paths: readonly string[],
  options: { root?: string } = {},
): Promise<IngestReport> {
  const root = resolve(options.root ?? process.cwd());
  const report: IngestReport = { documents: [], notices: [] };
  const outcome = (file: string, status: 'failed' | 'skipped', why: string): IngestedDocument => ({
    origin: originOf(file, root),
    title: null,
    status,
    chunks: 0,
    embedded: 0,
    ...(status === 'failed' ? { error: why } : { reason: why }),
  });
  for (const entry of listKnowledgeFiles(paths)) {
    if (entry.kind !== 'note') {
      report.documents.push(outcome(entry.path, entry.kind, entry.why));
      continue;
    }
    const origin = originOf(entry.path, root);
    let document: KnowledgeDocument;
    try {
      document = readKnowledgeDocument(readNoteText(entry.path, origin), origin);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      report.documents.push(outcome(entry.path, 'failed', ruleOf(error, origin)));
      continue;
    }
    try {
      report.documents.push(await ingestDocument(dependencies, document, report.notices));
    } catch (error) {
      report.documents.push(
        outcome(entry.path, 'failed', `could not be stored: ${describeError(error)}`),
      );
    }
  }
  return report;
}

/** The note's text, or an InputError naming the rule it breaks. */
function readNoteText(file: string, origin: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw InputError.field(origin, `cannot be read (${describeError(error)})`);
  }
  // Checked again after reading: the file may have grown since it was listed.
  if (bytes.length > MAX_NOTE_BYTES) throw InputError.field(origin, tooLarge(bytes.length));
  if (bytes.includes(0)) throw InputError.field(origin, 'contains a NUL byte: not a text file');
  try {
    return UTF8.decode(bytes);
  } catch {
    throw InputError.field(origin, 'is not UTF-8 text');
  }
}

function tooLarge(bytes: number): string {
  return `is ${bytes.toLocaleString('en-US')} bytes; the limit is ${MAX_NOTE_BYTES.toLocaleString('en-US')} bytes (1 MB) per note: split it`;
}

/** The rules an InputError states, fields relative to the file (the report row names it). */
function ruleOf(error: InputError, origin: string): string {
  return error.issues
    .map((issue) => {
      if (issue.field === origin) return issue.rule;
      const field = issue.field.startsWith(`${origin}.`)
        ? issue.field.slice(origin.length + 1)
        : issue.field;
      return `${field}: ${issue.rule}`;
    })
    .join('; ');
}

/** Store one parsed document and embed its chunks that lack a vector. */
export async function ingestDocument(
  dependencies: IngestDependencies,
  document: KnowledgeDocument,
  notices: string[] = [],
): Promise<IngestedDocument> {
  const saved = await dependencies.repository.saveDocument(document);
  let embedded = 0;
  if (dependencies.vectors) {
    try {
      embedded = await embedMissing(dependencies.vectors, saved.chunks);
    } catch (error) {
      notices.push(
        `${document.origin}: stored for full-text search, but embedding failed (${describeError(error)}); the next ingest retries`,
      );
      dependencies.logger?.warn({
        event: 'knowledge-embed-fail',
        origin: document.origin,
        error: describeError(error),
      });
    }
  }
  dependencies.logger?.info({
    event: 'knowledge-ingest',
    origin: document.origin,
    status: saved.status,
    chunks: saved.chunks.length,
    embedded,
  });
  return {
    origin: document.origin,
    title: document.title,
    status: saved.status,
    chunks: saved.chunks.length,
    embedded,
  };
}

async function embedMissing(
  vectors: { embedder: Embedder; store: VectorStore },
  chunks: readonly KnowledgeChunk[],
): Promise<number> {
  const { embedder, store } = vectors;
  const missing = new Set(
    await store.missing(
      chunks.map((chunk) => chunk.id),
      embedder.model,
    ),
  );
  const pending = chunks.filter((chunk) => missing.has(chunk.id));
  if (pending.length === 0) return 0;
  // The heading travels with the text: "Rebalancing › Thresholds" tells the embedding model
  // what a paragraph that never names its topic is about.
  const embeddings = await embedder.embed(
    pending.map((chunk) => (chunk.heading ? `${chunk.heading}\n\n${chunk.text}` : chunk.text)),
  );
  await store.upsert(
    pending.map((chunk, index) => ({
      chunkId: chunk.id,
      vector: embeddings[index] ?? [],
      title: chunk.title,
      source: chunk.source,
      published: chunk.published,
      tags: chunk.tags,
      text: chunk.text,
    })),
    embedder.model,
  );
  return pending.length;
}

/** A path found while listing: a note to read, or why it is not read. */
export type ListedPath =
  { kind: 'note'; path: string } | { kind: 'failed' | 'skipped'; path: string; why: string };

const LINK_RULE = 'is a symbolic link: links are not followed; name the file itself';
const EXTENSION_RULE = 'is not a .md, .markdown or .txt file';

/**
 * What to ingest under these paths, in order, each file once. A named path that cannot be
 * ingested fails; inside a folder, what is not a note is skipped (hidden files silently).
 */
export function listKnowledgeFiles(paths: readonly string[]): ListedPath[] {
  const listed = new Map<string, ListedPath>();
  for (const path of paths) {
    const absolute = resolve(path);
    for (const entry of listPath(absolute, true)) {
      if (!listed.has(entry.path)) listed.set(entry.path, entry);
    }
  }
  return [...listed.values()];
}

function listPath(path: string, named: boolean): ListedPath[] {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return [{ kind: 'failed', path, why: 'does not exist' }];
  }
  const refuse = (why: string): ListedPath[] => [{ kind: named ? 'failed' : 'skipped', path, why }];
  if (stats.isSymbolicLink()) return refuse(LINK_RULE);
  if (stats.isDirectory()) return walk(path);
  if (!stats.isFile()) return refuse('is not a regular file');
  if (!EXTENSIONS.has(extname(path).toLowerCase())) return refuse(EXTENSION_RULE);
  if (!named && basename(path).toLowerCase() === 'readme.md') {
    return refuse("a folder's README.md describes the folder; it is not a note");
  }
  if (stats.size > MAX_NOTE_BYTES) return [{ kind: 'failed', path, why: tooLarge(stats.size) }];
  return [{ kind: 'note', path }];
}

function walk(directory: string): ListedPath[] {
  return readdirSync(directory)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .flatMap((name) => listPath(join(directory, name), false));
}

function originOf(file: string, root: string): string {
  const path = relative(root, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path.split(sep).join('/');
}
