import type { Config } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import type { IngestReport } from '../../knowledge/index.ts';
import type { Services, ServicesOptions } from '../compose.ts';
import type { AuroraDatabaseTarget } from './aurora-migrate.ts';

// `alex aws kb ingest`: the deployed reporter searches S3 Vectors by this deployment's chunk
// ids, so the index must be filled from this deployment's database. This runs the ordinary
// ingest (src/knowledge/ingest.ts) from the operator's machine against the deployed database,
// with the deployment's vector bucket and embedding endpoint: each note is stored (or found
// unchanged) in Aurora, and every chunk the index lacks is embedded on the SageMaker endpoint
// and put into the index under its chunk id. Running it again embeds only what is missing.

export interface DeployedVectorSettings {
  vectorBucket: string | undefined;
  vectorIndex: string;
  sagemakerEndpoint: string | undefined;
}

export interface KnowledgeIngestOptions {
  config: Config;
  database: AuroraDatabaseTarget;
  vectors: DeployedVectorSettings;
  paths: readonly string[];
  /** Origins are relative to this folder (the repository root, as the starter corpus's). */
  root: string;
  print: (line: string) => void;
}

export async function ingestDeployedKnowledge(
  createServices: (config: Config, options: ServicesOptions) => Promise<Services>,
  options: KnowledgeIngestOptions,
): Promise<IngestReport> {
  const { vectors, database } = options;
  if (!vectors.vectorBucket) {
    throw new ConfigError(
      'vector_bucket',
      'the deployment has no vector bucket (terraform output vector_bucket is empty): the reporter searches full text only, so there is nothing to embed',
    );
  }
  if (!vectors.sagemakerEndpoint) {
    throw new ConfigError(
      'sagemaker_endpoint',
      'the deployment has no embedding endpoint (terraform output sagemaker_endpoint is empty): the reporter cannot embed its queries, so vectors would never be searched',
    );
  }
  const config: Config = {
    ...options.config,
    database: {
      kind: 'aurora',
      clusterArn: database.clusterArn,
      secretArn: database.masterSecretArn,
      database: database.database,
      region: database.region,
    },
    // The same embedder as the reporter's (lambda.tf): vectors from another model would not
    // be comparable with its query vectors.
    knowledge: {
      ...options.config.knowledge,
      embedder: `sagemaker:${vectors.sagemakerEndpoint}`,
      vectorBucket: vectors.vectorBucket,
      vectorIndex: vectors.vectorIndex,
      region: database.region,
    },
  };
  // Rows only: the schema must already be current (`alex aws migrate`).
  const services = await createServices(config, { schema: 'verify' });
  try {
    const mode = await services.knowledge.mode();
    options.print(`knowledge search: ${mode.description}`);
    const report = await services.knowledge.ingest(options.paths, { root: options.root });
    let embedded = 0;
    for (const document of report.documents) {
      embedded += document.embedded;
      const why = document.error ?? document.reason;
      options.print(
        `${document.status.padEnd(9)} ${document.origin}: ${document.chunks} chunks, ${document.embedded} embedded${why ? ` (${why})` : ''}`,
      );
    }
    for (const notice of report.notices) options.print(`notice: ${notice}`);
    options.print(
      `${report.documents.length} notes, ${embedded} chunks embedded into ${vectors.vectorBucket}/${vectors.vectorIndex}`,
    );
    return report;
  } finally {
    await services.close();
  }
}
