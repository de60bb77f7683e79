// The SDKs (the AI SDK, the AWS SDK) are imported on the first embedding, not when the
// knowledge base is wired: a process that never embeds (most starts) never loads them.
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { EmbeddingModel } from 'ai';
import type { KnowledgeConfig, LlmConfig, ModelProvider } from '../config.ts';
import { ConfigError, UpstreamError } from '../errors.ts';
import { loadProvider } from '../llm/providers/load-provider.ts';
import type { ProviderOptions } from '../llm/providers/provider-options.ts';
import type { Embedder } from './embedder.ts';

/** Titan Text Embeddings V2, 1024 dimensions unless ALEX_EMBEDDING_DIMENSIONS says 256 or 512. */
export const DEFAULT_BEDROCK_EMBEDDING_MODEL = 'amazon.titan-embed-text-v2:0';
const TITAN_V2_DIMENSIONS = [256, 512, 1024] as const;

export interface EmbedderOptions {
  /** Replaces `fetch` for the HTTP providers (tests, proxies). */
  fetch?: typeof fetch;
  /** A SageMaker client to use instead of one built from the region (tests). */
  sagemakerClient?: SageMakerRuntimeClient;
}

/**
 * The embedder ALEX_EMBEDDER names, or undefined when none is configured (search is then
 * full-text only). Credentials and endpoints are checked here, before any document is read:
 * a missing key fails with the variable to set.
 */
export function createEmbedder(
  knowledge: KnowledgeConfig,
  llm: LlmConfig,
  options: EmbedderOptions = {},
): Embedder | undefined {
  const spec = knowledge.embedder;
  if (!spec) return undefined;
  const separator = spec.indexOf(':');
  const provider = spec.slice(0, separator);
  const name = spec.slice(separator + 1);
  const dimensions = knowledge.embeddingDimensions;
  const providerOptions: ProviderOptions = options.fetch ? { fetch: options.fetch } : {};
  // The provider's SDK is imported on the first embedding, as for the language models.
  const lazyModel = (providerName: ModelProvider) => async () =>
    (await loadProvider(providerName, llm, providerOptions)).embeddingModel(name);

  switch (provider) {
    case 'openai': {
      if (!llm.apiKeys.openai)
        throw new ConfigError('OPENAI_API_KEY', `is required for ALEX_EMBEDDER=${spec}`);
      return aiSdkEmbedder(spec, lazyModel('openai'), dimensions ? { dimensions } : {});
    }
    case 'openai-compatible': {
      if (!llm.baseUrl) {
        throw new ConfigError(
          'ALEX_LLM_BASE_URL',
          `is required for ALEX_EMBEDDER=${spec}; set it to the server, e.g. http://127.0.0.1:11434/v1 for Ollama`,
        );
      }
      return aiSdkEmbedder(spec, lazyModel('openai-compatible'), dimensions ? { dimensions } : {});
    }
    case 'bedrock': {
      const modelId = name === 'default' ? DEFAULT_BEDROCK_EMBEDDING_MODEL : name;
      if (dimensions && !(TITAN_V2_DIMENSIONS as readonly number[]).includes(dimensions)) {
        throw new ConfigError(
          'ALEX_EMBEDDING_DIMENSIONS',
          `Titan text embeddings V2 offers ${TITAN_V2_DIMENSIONS.join(', ')} dimensions, not ${dimensions}`,
        );
      }
      const region = knowledge.region ?? llm.bedrockRegion;
      const bedrockSettings: LlmConfig = { ...llm, bedrockRegion: region };
      return aiSdkEmbedder(
        spec,
        async () =>
          (await loadProvider('bedrock', bedrockSettings, providerOptions)).embeddingModel(modelId),
        dimensions ? { providerOptions: { bedrock: { dimensions } } } : {},
      );
    }
    case 'sagemaker':
      return lazySagemakerEmbedder(spec, name, knowledge.region, options.sagemakerClient);
    default:
      throw new ConfigError('ALEX_EMBEDDER', `unknown embedding provider "${provider}"`);
  }
}

function aiSdkEmbedder(
  spec: string,
  loadModel: () => Promise<EmbeddingModel>,
  settings: { dimensions?: number; providerOptions?: { bedrock: { dimensions: number } } },
): Embedder {
  let model: Promise<EmbeddingModel> | undefined;
  return {
    model: spec,
    async embed(texts) {
      if (texts.length === 0) return [];
      // A failed import is not kept: the next batch tries again.
      model ??= loadModel().catch((error: unknown) => {
        model = undefined;
        throw error;
      });
      const embeddingModel = await model;
      // Through a module of our own that names what it takes: a bundle keeps all of `ai` for
      // `await import('ai')`, but only these for a static import that esbuild can shake.
      const { APICallError, embedMany } = await import('./ai-embedding.ts');
      try {
        const result = await embedMany({ model: embeddingModel, values: [...texts], ...settings });
        return result.embeddings;
      } catch (error) {
        const status = APICallError.isInstance(error) ? error.statusCode : undefined;
        throw new UpstreamError(
          spec,
          `embedding failed: ${error instanceof Error ? error.message : String(error)}`,
          status === undefined ? {} : { status },
          { cause: error },
        );
      }
    },
  };
}

function lazySagemakerEmbedder(
  spec: string,
  endpoint: string,
  region: string | undefined,
  client: SageMakerRuntimeClient | undefined,
): Embedder {
  let embedder: Promise<Embedder> | undefined;
  const load = async (): Promise<Embedder> => {
    const { createSagemakerClient, createSagemakerEmbedder } =
      await import('./sagemaker-embedder.ts');
    return createSagemakerEmbedder({ client: client ?? createSagemakerClient(region), endpoint });
  };
  return {
    model: spec,
    async embed(texts) {
      embedder ??= load().catch((error: unknown) => {
        embedder = undefined;
        throw error;
      });
      return (await embedder).embed(texts);
    },
  };
}
