import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  type InvokeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.ts';
import { parseJson } from '../parse-json.ts';
import { z } from 'zod';
import { createSagemakerEmbedder, meanPool } from './sagemaker-embedder.ts';

const sagemaker = mockClient(SageMakerRuntimeClient);
afterEach(() => sagemaker.reset());

// The SDK wraps the body in a Uint8Array subclass; the embedder only decodes bytes.
function answer(value: unknown) {
  const Body = new TextEncoder().encode(JSON.stringify(value));
  return { Body: Body as InvokeEndpointCommandOutput['Body'] };
}

function embedder() {
  return createSagemakerEmbedder({
    client: new SageMakerRuntimeClient({ region: 'us-east-1' }),
    endpoint: 'alex-embedding-endpoint',
  });
}

describe('SageMaker embedder', () => {
  it('sends {"inputs": [...]} as JSON and keeps sentence vectors as they are', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(
      answer([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    const vectors = await embedder().embed(['first', 'second']);
    expect(vectors).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const input = sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      EndpointName: 'alex-embedding-endpoint',
      ContentType: 'application/json',
    });
    const body = new TextDecoder().decode(input?.Body as Uint8Array);
    expect(parseJson(body, z.unknown())).toEqual({ inputs: ['first', 'second'] });
  });

  it('mean-pools per-token vectors, with or without the batch axis of one', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(
      answer([
        [
          [
            [1, 0],
            [3, 2],
          ],
        ],
        [
          [0, 4],
          [2, 0],
          [4, 2],
        ],
      ]),
    );
    expect(await embedder().embed(['a', 'b'])).toEqual([
      [2, 1],
      [2, 2],
    ]);
  });

  it('accepts a single text answered without its batch axis', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(
      answer([
        [1, 1],
        [3, 3],
      ]),
    );
    expect(await embedder().embed(['only'])).toEqual([[2, 2]]);
  });

  it('sends at most 16 texts per request', async () => {
    sagemaker.on(InvokeEndpointCommand).callsFake((input: { Body: Uint8Array }) => {
      const { inputs } = parseJson(
        new TextDecoder().decode(input.Body),
        z.object({ inputs: z.array(z.string()) }),
      );
      return answer(inputs.map((text) => [text.length, 0]));
    });
    const texts = Array.from({ length: 20 }, (_, index) => 'x'.repeat(index + 1));
    const vectors = await embedder().embed(texts);
    expect(vectors.map((vector) => vector[0])).toEqual(texts.map((text) => text.length));
    expect(sagemaker.commandCalls(InvokeEndpointCommand)).toHaveLength(2);
  });

  it('turns endpoint failures and odd answers into UpstreamError', async () => {
    sagemaker.on(InvokeEndpointCommand).rejects(new Error('ModelError: out of memory'));
    await expect(embedder().embed(['a'])).rejects.toThrow(
      /SageMaker: InvokeEndpoint alex-embedding-endpoint failed: ModelError/,
    );
    sagemaker.reset();
    sagemaker.on(InvokeEndpointCommand).resolves(answer([[1, 2]]));
    await expect(embedder().embed(['a', 'b'])).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('meanPool', () => {
  it('rejects ragged vectors and non-numbers', () => {
    expect(() => meanPool([[1, 2], [3]])).toThrow(/different lengths/);
    expect(() => meanPool(['a'])).toThrow(/not a vector/);
  });
});
