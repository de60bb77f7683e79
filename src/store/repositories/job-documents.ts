import { sql, type Kysely } from 'kysely';
import { InputError } from '../../errors.ts';
import { jsonText } from '../columns.ts';
import type { Database } from '../tables.ts';

// A job's snapshot and payloads are its large columns ("documents"): the demo's add up to about
// 57 KB of JSON and they grow with the portfolio. On AWS every statement is one RDS Data API
// call, which refuses a result row over 64 KB ("Packet for query is too large") and a response
// over 1 MiB ("Database response exceeded size limit"), per the Aurora User Guide's "Amazon RDS
// Data API limitations". So no statement returns a whole document: job rows are read without
// them, and the documents' JSON text is read in chunks of DOCUMENT_CHUNK_CHARS characters, one
// chunk a row and DOCUMENT_CHUNKS_PER_STATEMENT rows a statement, then joined and parsed. The
// same statements run on PGlite and PostgreSQL, so there is one code path.
//
// Sizes: a character is at most 4 bytes of UTF-8, so a chunk row is at most 32 KB plus its id,
// name and digest, half the row limit; a statement at most 24 × 33 KB ≈ 790 KB, under 1 MiB.
// The demo's documents fit in one statement.
export const DOCUMENT_CHUNK_CHARS = 8_192;
export const DOCUMENT_CHUNKS_PER_STATEMENT = 24;

export const JOB_DOCUMENT_COLUMNS = [
  'snapshot',
  'report_payload',
  'charts_payload',
  'retirement_payload',
  'summary_payload',
] as const;
export type JobDocumentColumn = (typeof JOB_DOCUMENT_COLUMNS)[number];

// Writes send a document whole, as one parameter of one statement. The Data API takes an HTTP
// request of at most 4 MiB, headers and JSON escaping included (RDS Data API reference,
// BatchExecuteStatement), so a document is refused above 3 MB of JSON, on every database path
// alike, before anything is written. The demo's documents total about 57 KB.
export const MAX_DOCUMENT_BYTES = 3_000_000;

/** A document's JSON text for writing, or InputError naming the column when it is too large. */
export function documentText(column: JobDocumentColumn, value: unknown): string {
  const text = jsonText(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw InputError.field(
      `jobs.${column}`,
      `at most ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes of JSON (this one is ${bytes.toLocaleString('en-US')}): a Data API request is at most 4 MiB`,
    );
  }
  return text;
}

/** Each job's documents as JSON text; a column that is null is absent. */
export type JobDocuments = Partial<Record<JobDocumentColumn, string>>;

// A document written between two of the statements that read it would join halves of two
// versions. Pages follow each other by key (job, column, chunk number), not by offset, so no
// chunk is skipped or repeated; every chunk carries the digest and size of the whole document
// it was cut from, and chunks that disagree, or fall short of that length, mean the read
// straddled a write: it is done again (a job's documents are written a few times in its life).
const READ_ATTEMPTS = 3;

interface ChunkRow {
  job_id: string;
  name: string;
  n: number | string;
  bytes: number | string;
  digest: string;
  part: string;
}

/** The documents of the given jobs, keyed by job id (jobs without any are absent). */
export async function readJobDocuments(
  db: Kysely<Database>,
  jobIds: readonly string[],
): Promise<Map<string, JobDocuments>> {
  if (jobIds.length === 0) return new Map();
  for (let attempt = 1; ; attempt += 1) {
    const documents = assemble(await readChunks(db, jobIds));
    if (documents) return documents;
    if (attempt === READ_ATTEMPTS) {
      throw new Error(
        `the documents of job(s) ${jobIds.join(', ')} kept changing while being read (${READ_ATTEMPTS} attempts)`,
      );
    }
  }
}

async function readChunks(db: Kysely<Database>, jobIds: readonly string[]): Promise<ChunkRow[]> {
  const chunk = sql.lit(DOCUMENT_CHUNK_CHARS);
  const columns = sql.join(
    JOB_DOCUMENT_COLUMNS.map(
      (column) => sql`(${sql.lit(column)}, ${sql.ref(`jobs.${column}`)}::text)`,
    ),
  );
  const ids = sql.join(jobIds.map((id) => sql`${id}::uuid`));
  const rows: ChunkRow[] = [];
  for (;;) {
    const last = rows.at(-1);
    const after = last
      ? sql`AND (d.job_id, d.name, c.n) > (${last.job_id}::uuid, ${last.name}::text, ${Number(last.n)}::int)`
      : sql``;
    const page = await sql<ChunkRow>`
      SELECT d.job_id::text AS job_id, d.name, c.n, octet_length(d.body) AS bytes, md5(d.body) AS digest,
             substr(d.body, (c.n - 1) * ${chunk} + 1, ${chunk}) AS part
      FROM (
        SELECT jobs.id AS job_id, v.name, v.body
        FROM jobs CROSS JOIN LATERAL (VALUES ${columns}) AS v(name, body)
        WHERE jobs.id IN (${ids}) AND v.body IS NOT NULL
      ) AS d
      CROSS JOIN LATERAL generate_series(1, (length(d.body) + ${chunk} - 1) / ${chunk}) AS c(n)
      WHERE TRUE ${after}
      ORDER BY d.job_id, d.name, c.n
      LIMIT ${sql.lit(DOCUMENT_CHUNKS_PER_STATEMENT)}`.execute(db);
    rows.push(...page.rows);
    if (page.rows.length < DOCUMENT_CHUNKS_PER_STATEMENT) return rows;
  }
}

/** Chunks joined into documents, or undefined when they were cut from different versions. */
function assemble(rows: ChunkRow[]): Map<string, JobDocuments> | undefined {
  const documents = new Map<string, JobDocuments>();
  const digests = new Map<string, string>();
  const parts = new Map<string, string[]>();
  for (const row of rows) {
    const key = `${row.job_id}/${row.name}`;
    const digest = digests.get(key);
    if (digest !== undefined && digest !== row.digest) return undefined;
    digests.set(key, row.digest);
    const list = parts.get(key) ?? [];
    // Chunk numbers run 1, 2, 3… in order; a gap means the document changed length between reads.
    if (Number(row.n) !== list.length + 1) return undefined;
    list.push(row.part);
    parts.set(key, list);
  }
  for (const row of rows) {
    const key = `${row.job_id}/${row.name}`;
    const list = parts.get(key);
    if (!list) continue;
    const text = list.join('');
    if (Buffer.byteLength(text, 'utf8') !== Number(row.bytes)) return undefined;
    const entry = documents.get(row.job_id) ?? {};
    entry[row.name as JobDocumentColumn] = text;
    documents.set(row.job_id, entry);
    parts.delete(key);
  }
  return documents;
}
