import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { z } from 'zod';
import { UpstreamError } from '../errors.ts';
import { parseJson } from '../parse-json.ts';
import type { Embedder } from './embedder.ts';

// Texts per request: a handful keeps each invocation well inside the endpoint's payload and
// time limits on a small serverless endpoint.
const TEXTS_PER_REQUEST = 16;

const responseSchema = z.array(z.unknown());

/**
 * A SageMaker endpoint running the Hugging Face inference toolkit, as the original system
 * deploys (sentence-transformers/all-MiniLM-L6-v2, 384 dimensions): the request is
 * `{"inputs": [text, …]}` and the feature-extraction pipeline answers one entry per text. An
 * entry is either a sentence vector already, or one vector per token (nested once more when
 * the pipeline keeps its batch axis), which is mean-pooled here as sentence-transformers
 * pools MiniLM. The pipeline embeds each text on its own, so no padding tokens enter the mean.
 */
/** Made here, with the SDK imported statically, for the same reason as createS3VectorsClient. */
export function createSagemakerClient(region: string | undefined): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient(region ? { region } : {});
}

export function createSagemakerEmbedder(options: {
  client: SageMakerRuntimeClient;
  endpoint: string;
}): Embedder {
  const { client, endpoint } = options;
  return {
    model: `sagemaker:${endpoint}`,
    async embed(texts) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += TEXTS_PER_REQUEST) {
        const batch = texts.slice(start, start + TEXTS_PER_REQUEST);
        vectors.push(...(await invoke(batch)));
      }
      return vectors;
    },
  };

  async function invoke(texts: readonly string[]): Promise<number[][]> {
    let body: string;
    try {
      const output = await client.send(
        new InvokeEndpointCommand({
          EndpointName: endpoint,
          ContentType: 'application/json',
          Accept: 'application/json',
          Body: new TextEncoder().encode(JSON.stringify({ inputs: texts })),
        }),
      );
      body = new TextDecoder().decode(output.Body);
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      throw new UpstreamError(
        'SageMaker',
        `InvokeEndpoint ${endpoint} failed: ${error instanceof Error ? error.message : String(error)}`,
        status === undefined ? {} : { status },
        { cause: error },
      );
    }
    const entries = parseJson(body, responseSchema, `SageMaker ${endpoint} response`);
    // With a single input the pipeline may drop the batch axis and answer the entry itself.
    const perText =
      entries.length === texts.length ? entries : texts.length === 1 ? [entries] : undefined;
    if (!perText) {
      throw new UpstreamError(
        'SageMaker',
        `${endpoint} answered ${entries.length} embeddings for ${texts.length} texts`,
        { retryable: false },
      );
    }
    return perText.map((entry) => meanPool(entry, endpoint));
  }
}

/** A vector as is; nested vectors (tokens, or a batch axis of one) averaged element-wise. */
export function meanPool(value: unknown, endpoint = 'endpoint'): number[] {
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number'))
    return value;
  if (!Array.isArray(value) || value.length === 0) {
    throw new UpstreamError('SageMaker', `${endpoint} answered something that is not a vector`, {
      retryable: false,
    });
  }
  const vectors = value.map((item) => meanPool(item, endpoint));
  const dimension = vectors[0]?.length ?? 0;
  if (vectors.some((vector) => vector.length !== dimension)) {
    throw new UpstreamError('SageMaker', `${endpoint} answered vectors of different lengths`, {
      retryable: false,
    });
  }
  const sum = vectors.reduce(
    (total, vector) => total.map((component, index) => component + (vector[index] ?? 0)),
    new Array<number>(dimension).fill(0),
  );
  return sum.map((component) => component / vectors.length);
}
