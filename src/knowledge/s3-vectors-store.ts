import {
  GetVectorsCommand,
  PutVectorsCommand,
  QueryVectorsCommand,
  S3VectorsClient,
} from '@aws-sdk/client-s3vectors';
import { UpstreamError } from '../errors.ts';
import type { KnowledgeFilters } from '../store/repositories/knowledge-repository.ts';
import type { VectorStore } from './vector-store.ts';

// Both PutVectors and GetVectors take a bounded batch per request; 100 is within the limits
// S3 Vectors documents for either and keeps each request small.
const BATCH_SIZE = 100;
// Fusion needs a few dozen candidates at most; S3 Vectors caps topK per query (30 at launch),
// so ask for no more than that.
const MAX_TOP_K = 30;

/**
 * Vectors in an S3 Vectors index (the original system's bucket, index `financial-research`).
 * The key is the chunk id and the metadata carries title, source, date, tags and text, so the
 * index is readable on its own; search still reads the chunk from Postgres by key, which
 * applies the date filter and drops keys that are no longer stored there. The index has one
 * dimension and one distance metric (create it with `cosine`, and with `text` as
 * non-filterable metadata, since filterable metadata is limited to a few kilobytes): it holds
 * one embedder's vectors, so `model` is not recorded per vector.
 */
/**
 * The client, made here with the SDK imported statically: this module is loaded lazily, and in
 * a bundle `(await import('@aws-sdk/client-s3vectors')).S3VectorsClient` is undefined (the SDK's
 * CommonJS chunk exports only `default`), so the caller must not import the SDK itself.
 */
export function createS3VectorsClient(region: string | undefined): S3VectorsClient {
  return new S3VectorsClient(region ? { region } : {});
}

export function createS3VectorsStore(options: {
  client: S3VectorsClient;
  bucket: string;
  index: string;
}): VectorStore {
  const { client, bucket, index } = options;
  const target = { vectorBucketName: bucket, indexName: index };
  return {
    name: `S3 Vectors ${bucket}/${index}`,

    async upsert(records) {
      for (const batch of batches(records)) {
        await send('PutVectors', () =>
          client.send(
            new PutVectorsCommand({
              ...target,
              vectors: batch.map((record) => ({
                key: record.chunkId,
                data: { float32: record.vector },
                metadata: {
                  title: record.title,
                  source: record.source,
                  tags: record.tags,
                  text: record.text,
                  ...(record.published ? { published: record.published } : {}),
                },
              })),
            }),
          ),
        );
      }
    },

    async missing(chunkIds) {
      const found = new Set<string>();
      for (const keys of batches(chunkIds)) {
        const output = await send('GetVectors', () =>
          client.send(new GetVectorsCommand({ ...target, keys: [...keys] })),
        );
        for (const vector of output.vectors ?? []) if (vector.key) found.add(vector.key);
      }
      return chunkIds.filter((id) => !found.has(id));
    },

    async query(vector, { topK, filters }) {
      const filter = tagFilter(filters);
      const output = await send('QueryVectors', () =>
        client.send(
          new QueryVectorsCommand({
            ...target,
            topK: Math.min(topK, MAX_TOP_K),
            queryVector: { float32: [...vector] },
            returnDistance: true,
            ...(filter ? { filter } : {}),
          }),
        ),
      );
      return (output.vectors ?? []).flatMap((match) =>
        match.key ? [{ chunkId: match.key, similarity: 1 - (match.distance ?? 1) }] : [],
      );
    },
  };
}

/**
 * Any of the tags. On a list-valued metadata key S3 Vectors' `$eq` matches when any element
 * equals the value, so "any of" is an `$or` of one `$eq` per tag. Dates are filtered in
 * Postgres, since S3 Vectors compares only numbers by range.
 */
export function tagFilter(filters: KnowledgeFilters): TagFilter | undefined {
  const tags = filters.tags ?? [];
  if (tags.length === 0) return undefined;
  const [only] = tags;
  if (tags.length === 1 && only !== undefined) return { tags: { $eq: only } };
  return { $or: tags.map((tag) => ({ tags: { $eq: tag } })) };
}

type TagEquals = { tags: { $eq: string } };
type TagFilter = TagEquals | { $or: TagEquals[] };

function batches<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    result.push(items.slice(start, start + BATCH_SIZE));
  }
  return result;
}

async function send<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    throw new UpstreamError(
      'S3 Vectors',
      `${operation} failed: ${error instanceof Error ? error.message : String(error)}`,
      status === undefined ? {} : { status },
      { cause: error },
    );
  }
}
