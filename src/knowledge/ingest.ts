import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  /** `unchanged`: the same content was already stored; `failed`: see `error`. */
  status: 'added' | 'updated' | 'unchanged' | 'failed';
  chunks: number;
  /** Chunks given a vector by this run (earlier runs' vectors are not counted again). */
  embedded: number;
  error?: string;
}

export interface IngestReport {
  documents: IngestedDocument[];
  /** Things a person should know, e.g. that embedding failed and will be retried. */
  notices: string[];
}

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

/**
 * Ingest files and folders (recursively: `.md`, `.markdown` and `.txt`; a folder's README.md
 * and hidden files are skipped). Each document is saved in its own transaction, then its
 * chunks that have no vector from the configured embedder are embedded. Embedding happens
 * after the commit so no transaction waits on a network call; if it fails the document is
 * still searchable by full text and the next ingest embeds what is missing.
 * Origins are paths relative to `root` (default: the working directory).
 */
export async function ingestPaths(
  dependencies: IngestDependencies,
  paths: readonly string[],
  options: { root?: string } = {},
): Promise<IngestReport> {
  const root = resolve(options.root ?? process.cwd());
  const report: IngestReport = { documents: [], notices: [] };
  for (const file of listKnowledgeFiles(paths)) {
    const origin = originOf(file, root);
    let document: KnowledgeDocument;
    try {
      document = readKnowledgeDocument(readFileSync(file, 'utf8'), origin);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      report.documents.push({
        origin,
        title: null,
        status: 'failed',
        chunks: 0,
        embedded: 0,
        error: describeError(error),
      });
      continue;
    }
    report.documents.push(await ingestDocument(dependencies, document, report.notices));
  }
  return report;
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

/** The files to ingest under these paths, sorted; a missing path is the caller's mistake. */
export function listKnowledgeFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw InputError.field(path, 'does not exist');
    }
    if (isDirectory) files.push(...walk(absolute));
    else if (EXTENSIONS.has(extname(absolute).toLowerCase())) files.push(absolute);
    else throw InputError.field(path, 'must be a .md, .markdown or .txt file, or a folder');
  }
  return [...new Set(files)];
}

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((left, right) => (left.name < right.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return walk(path);
      if (!entry.isFile() || !EXTENSIONS.has(extname(entry.name).toLowerCase())) return [];
      return entry.name.toLowerCase() === 'readme.md' ? [] : [path];
    });
}

function originOf(file: string, root: string): string {
  const path = relative(root, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path.split(sep).join('/');
}
