import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseWith } from '../parse-json.ts';
import { chunkDocument, type TextChunk } from './chunk.ts';
import { parseFrontMatter } from './front-matter.ts';

/** A document ready to store: metadata, its chunks and the hashes that deduplicate them. */
export interface KnowledgeDocument {
  /** Where it was read from (a file path); re-reading the same origin updates the document. */
  origin: string;
  title: string;
  source: string;
  /** ISO date (YYYY-MM-DD) or null. */
  published: string | null;
  tags: string[];
  /** sha256 of the whole text, front matter included: any edit makes a new version. */
  contentHash: string;
  chunks: HashedChunk[];
}

export interface HashedChunk extends TextChunk {
  /** sha256 of the chunk text with whitespace collapsed: the same paragraph is stored once. */
  contentHash: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const metadataSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  source: z.string().trim().min(1).max(500).optional(),
  date: z
    .string()
    .trim()
    .refine(
      (value) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)),
      'must be a date written YYYY-MM-DD',
    )
    .optional(),
  tags: z.union([z.array(z.string()), z.string()]).optional(),
});

/**
 * Turn a note's text into a document. Front matter gives title, source, date and tags; a note
 * without it takes its title from its first `#` heading (else the file name) and its origin as
 * source. Tags are lower-cased, and a comma-separated string is accepted as a list.
 */
export function readKnowledgeDocument(
  text: string,
  origin: string,
  options: { maxChunkChars?: number } = {},
): KnowledgeDocument {
  const { attributes, body } = parseFrontMatter(text);
  const metadata = parseWith(metadataSchema, attributes, origin);
  const title = metadata.title ?? firstHeading(body) ?? fileStem(origin);
  const chunks = chunkDocument(body, {
    title,
    ...(options.maxChunkChars ? { maxChars: options.maxChunkChars } : {}),
  });
  if (chunks.length === 0) throw InputError.field(origin, 'has no text to index');
  return {
    origin,
    title,
    source: metadata.source ?? origin,
    published: metadata.date ?? null,
    tags: normaliseTags(metadata.tags),
    contentHash: sha256(text.replace(/\r\n/g, '\n')),
    chunks: chunks.map((chunk) => ({
      ...chunk,
      contentHash: sha256(chunk.text.replace(/\s+/g, ' ').trim()),
    })),
  };
}

/**
 * Lower-case, trimmed, unique tags. Commas separate tags wherever they appear (`a, b` in front
 * matter, `--tag a,b` on the command line), so no stored tag contains one.
 */
export function normaliseTags(tags: readonly string[] | string | undefined): string[] {
  const list = (typeof tags === 'string' ? [tags] : (tags ?? [])).flatMap((tag) => tag.split(','));
  return [...new Set(list.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

function firstHeading(body: string): string | undefined {
  return /^#\s+(.+?)\s*$/m.exec(body)?.[1];
}

function fileStem(origin: string): string {
  const name = origin.split(/[\\/]/).pop() ?? origin;
  return name.replace(/\.[^.]+$/, '') || origin;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
