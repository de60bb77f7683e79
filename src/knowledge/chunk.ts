/** One searchable piece of a document. */
export interface TextChunk {
  /** Position in the document, from 0. */
  ordinal: number;
  /** Where the chunk sits: `Document title › Section`, or null for a document with no headings. */
  heading: string | null;
  text: string;
}

/**
 * About a fifth of a short note: small enough that a snippet quoted to a model stays on one
 * topic, large enough that a section of the starter corpus usually stays whole. Embedding
 * models take far more (MiniLM truncates at 256 word pieces, about this length of English).
 */
export const CHUNK_TARGET_CHARS = 1200;

const HEADING = /^(#{1,2})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
const HEADING_SEPARATOR = ' › ';

/**
 * Split a markdown or plain-text body into chunks: first at `#` and `##` headings (deeper
 * headings stay inside their section), then by size within a section at paragraph, line,
 * sentence and finally word boundaries, so that no chunk exceeds `maxChars`. Headings inside
 * fenced code blocks are text. `title` names chunks before the first `#` heading.
 */
export function chunkDocument(
  body: string,
  options: { title?: string; maxChars?: number } = {},
): TextChunk[] {
  const maxChars = options.maxChars ?? CHUNK_TARGET_CHARS;
  const chunks: TextChunk[] = [];
  for (const section of splitSections(body, options.title)) {
    for (const text of packParagraphs(section.text, maxChars)) {
      chunks.push({ ordinal: chunks.length, heading: section.heading, text });
    }
  }
  return chunks;
}

interface Section {
  heading: string | null;
  text: string;
}

function splitSections(body: string, title: string | undefined): Section[] {
  const sections: Section[] = [];
  let documentHeading = title?.trim() || null;
  let sectionHeading: string | null = null;
  let lines: string[] = [];
  let inFence = false;

  const flush = () => {
    const text = lines.join('\n').trim();
    if (text.length > 0) {
      const heading = [documentHeading, sectionHeading].filter(Boolean).join(HEADING_SEPARATOR);
      sections.push({ heading: heading || null, text });
    }
    lines = [];
  };

  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (!heading?.[1] || !heading[2]) {
      lines.push(line);
      continue;
    }
    flush();
    if (heading[1] === '#') {
      documentHeading = heading[2];
      sectionHeading = null;
    } else {
      sectionHeading = heading[2];
    }
  }
  flush();
  return sections;
}

/** Paragraphs of a section packed into chunks of at most `maxChars`. */
function packParagraphs(text: string, maxChars: number): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  return pack(
    paragraphs.flatMap((paragraph) => fit(paragraph, maxChars, 0)),
    '\n\n',
    maxChars,
  );
}

// Finer and finer boundaries for a piece that is still too long: lines (list items), then
// sentence ends, then any whitespace; a single word longer than the limit is cut.
const BOUNDARIES: ReadonlyArray<{ split: RegExp; join: string }> = [
  { split: /\n/, join: '\n' },
  { split: /(?<=[.!?;:])\s+/, join: ' ' },
  { split: /\s+/, join: ' ' },
];

function fit(text: string, maxChars: number, level: number): string[] {
  if (text.length <= maxChars) return [text];
  const boundary = BOUNDARIES[level];
  if (!boundary) {
    const pieces: string[] = [];
    for (let start = 0; start < text.length; start += maxChars) {
      pieces.push(text.slice(start, start + maxChars));
    }
    return pieces;
  }
  const parts = text
    .split(boundary.split)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length <= 1) return fit(text, maxChars, level + 1);
  return pack(
    parts.flatMap((part) => fit(part, maxChars, level + 1)),
    boundary.join,
    maxChars,
  );
}

/** Join consecutive pieces while the result stays within `maxChars`. */
function pack(pieces: readonly string[], join: string, maxChars: number): string[] {
  const packed: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current === '') current = piece;
    else if (current.length + join.length + piece.length <= maxChars)
      current = `${current}${join}${piece}`;
    else {
      packed.push(current);
      current = piece;
    }
  }
  if (current !== '') packed.push(current);
  return packed;
}
