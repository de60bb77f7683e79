// `alex aws kb ingest`: the shipped notes go into the deployed database and their chunks into
// the deployment's S3 Vectors index, embedded by its SageMaker endpoint, keyed by this
// database's chunk ids. AWS is mocked (aws-sdk-client-mock); an embedded database plays Aurora.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetVectorsCommand,
  PutVectorsCommand,
  S3VectorsClient,
  type PutInputVector,
} from '@aws-sdk/client-s3vectors';
import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  type InvokeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, type Config } from '../../src/config.ts';
import type { AuroraDatabaseTarget } from '../../src/entry/aws/aurora-migrate.ts';
import {
  ingestDeployedKnowledge,
  type DeployedVectorSettings,
} from '../../src/entry/aws/knowledge-ingest.ts';
import { createServices } from '../../src/entry/compose.ts';
import { ConfigError } from '../../src/errors.ts';
import { STARTER_CORPUS_DIRECTORY } from '../../src/knowledge/starter-corpus.ts';
import { silentLogger } from '../../src/log.ts';
import { createKnowledgeRepository } from '../../src/store/repositories/knowledge-repository.ts';
import { parseJson } from '../../src/parse-json.ts';

const DATABASE: AuroraDatabaseTarget = {
  clusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:alex-aurora-cluster',
  masterSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex-aurora-credentials-x',
  appSecretArn:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:alex/agents/aurora-app-user-y',
  appUsername: 'alex_app',
  database: 'alex',
  region: 'us-east-1',
};
const VECTORS = {
  vectorBucket: 'alex-vectors-123456789012',
  vectorIndex: 'financial-research',
  sagemakerEndpoint: 'alex-embedding-endpoint',
};
const ROOT = join(STARTER_CORPUS_DIRECTORY, '..', '..');

const s3vectors = mockClient(S3VectorsClient);
const sagemaker = mockClient(SageMakerRuntimeClient);

describe('alex aws kb ingest', () => {
  const directory = mkdtempSync(join(tmpdir(), 'alex-aws-kb-'));
  const stored = new Map<string, PutInputVector>();
  const opened: Config[] = [];
  // The deployed database, as `alex aws migrate` left it: migrated, notes stored for full text.
  const asAurora = (config: Config, options: Parameters<typeof createServices>[1]) => {
    opened.push(config);
    return createServices(
      { ...config, database: { kind: 'pglite', dataDir: directory } },
      { ...options, logger: silentLogger() },
    );
  };

  beforeAll(async () => {
    const prepared = await createServices(loadConfig({ ALEX_DATA_DIR: directory }), {
      logger: silentLogger(),
    });
    await prepared.close();
    s3vectors.on(PutVectorsCommand).callsFake((input: { vectors: PutInputVector[] }) => {
      for (const vector of input.vectors) stored.set(vector.key ?? '', vector);
      return {};
    });
    s3vectors.on(GetVectorsCommand).callsFake((input: { keys: string[] }) => ({
      vectors: input.keys.filter((key) => stored.has(key)).map((key) => ({ key })),
    }));
    // A sentence-embedding endpoint: one 8-number vector per input text.
    sagemaker.on(InvokeEndpointCommand).callsFake((input: { Body: Uint8Array }) => {
      const { inputs } = parseJson(
        new TextDecoder().decode(input.Body),
        z.object({ inputs: z.array(z.string()) }),
      );
      const vectors = inputs.map((text) =>
        Array.from({ length: 8 }, (_, i) => (text.length % (i + 2)) + 1),
      );
      return {
        Body: new TextEncoder().encode(
          JSON.stringify(vectors),
        ) as InvokeEndpointCommandOutput['Body'],
      };
    });
  }, 120_000);
  afterAll(() => {
    s3vectors.restore();
    sagemaker.restore();
    rmSync(directory, { recursive: true, force: true });
  });

  const run = (vectors: DeployedVectorSettings = VECTORS) =>
    ingestDeployedKnowledge(asAurora, {
      config: loadConfig({ ALEX_DATA_DIR: directory }),
      database: DATABASE,
      vectors,
      paths: [STARTER_CORPUS_DIRECTORY],
      root: ROOT,
      print: () => undefined,
    });

  it('embeds every stored chunk into the index under this database’s chunk ids', async () => {
    const report = await run();
    const chunks = report.documents.reduce((total, document) => total + document.chunks, 0);
    expect(chunks).toBeGreaterThan(0);
    // The folder's README is not a note; every note was already stored by the migration.
    const notes = report.documents.filter((document) => document.status !== 'skipped');
    expect(notes.length).toBe(report.documents.length - 1);
    expect(notes.every((document) => document.status === 'unchanged')).toBe(true);
    expect(notes.every((document) => document.embedded === document.chunks)).toBe(true);
    expect(stored.size).toBe(chunks);
    expect(s3vectors.commandCalls(PutVectorsCommand)[0]?.args[0].input).toMatchObject({
      vectorBucketName: 'alex-vectors-123456789012',
      indexName: 'financial-research',
    });
    expect(sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.EndpointName).toBe(
      'alex-embedding-endpoint',
    );
    // Signed in as the operator, with the reporter's own embedder.
    expect(opened.at(-1)?.database).toMatchObject({
      kind: 'aurora',
      secretArn: DATABASE.masterSecretArn,
    });
    expect(opened.at(-1)?.knowledge).toMatchObject({
      embedder: 'sagemaker:alex-embedding-endpoint',
      vectorBucket: 'alex-vectors-123456789012',
      region: 'us-east-1',
    });

    // The keys are this database's: its search finds every one of them.
    const services = await asAurora(opened.at(-1) as Config, { schema: 'verify' });
    try {
      const known = await createKnowledgeRepository(services.database.db).chunksByIds(
        [...stored.keys()],
        {},
      );
      expect(known).toHaveLength(stored.size);
    } finally {
      await services.close();
    }
  }, 120_000);

  it('embeds nothing again on a second run', async () => {
    const puts = s3vectors.commandCalls(PutVectorsCommand).length;
    const report = await run();
    expect(report.documents.every((document) => document.embedded === 0)).toBe(true);
    expect(s3vectors.commandCalls(PutVectorsCommand)).toHaveLength(puts);
  }, 120_000);

  it('refuses a deployment without a vector bucket or an embedding endpoint', async () => {
    const count = opened.length;
    await expect(run({ ...VECTORS, vectorBucket: undefined })).rejects.toBeInstanceOf(ConfigError);
    await expect(run({ ...VECTORS, sagemakerEndpoint: undefined })).rejects.toThrow(
      /^sagemaker_endpoint: the deployment has no embedding endpoint/,
    );
    expect(opened).toHaveLength(count);
  });
});
