import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { APICallError, embedMany, type EmbeddingModel } from 'ai';
import type { KnowledgeConfig, LlmConfig } from '../config.ts';
import { ConfigError, UpstreamError } from '../errors.ts';
import type { Embedder } from './embedder.ts';
import { createSagemakerEmbedder } from './sagemaker-embedder.ts';

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
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};

  switch (provider) {
    case 'openai': {
      if (!llm.apiKeys.openai)
        throw new ConfigError('OPENAI_API_KEY', `is required for ALEX_EMBEDDER=${spec}`);
      const openai = createOpenAI({ apiKey: llm.apiKeys.openai.reveal(), ...fetchOption });
      return aiSdkEmbedder(spec, openai.embedding(name), dimensions ? { dimensions } : {});
    }
    case 'openai-compatible': {
      if (!llm.baseUrl) {
        throw new ConfigError(
          'ALEX_LLM_BASE_URL',
          `is required for ALEX_EMBEDDER=${spec}; set it to the server, e.g. http://127.0.0.1:11434/v1 for Ollama`,
        );
      }
      const server = createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: llm.baseUrl,
        ...(llm.apiKeys.openaiCompatible ? { apiKey: llm.apiKeys.openaiCompatible.reveal() } : {}),
        ...fetchOption,
      });
      return aiSdkEmbedder(spec, server.embeddingModel(name), dimensions ? { dimensions } : {});
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
      const bedrock = createAmazonBedrock({
        ...(region ? { region } : {}),
        credentialProvider: defaultProvider(),
        ...fetchOption,
      });
      return aiSdkEmbedder(
        spec,
        bedrock.embedding(modelId),
        dimensions ? { providerOptions: { bedrock: { dimensions } } } : {},
      );
    }
    case 'sagemaker': {
      const client =
        options.sagemakerClient ??
        new SageMakerRuntimeClient(knowledge.region ? { region: knowledge.region } : {});
      return createSagemakerEmbedder({ client, endpoint: name });
    }
    default:
      throw new ConfigError('ALEX_EMBEDDER', `unknown embedding provider "${provider}"`);
  }
}

function aiSdkEmbedder(
  spec: string,
  model: EmbeddingModel,
  settings: { dimensions?: number; providerOptions?: { bedrock: { dimensions: number } } },
): Embedder {
  return {
    model: spec,
    async embed(texts) {
      if (texts.length === 0) return [];
      try {
        const result = await embedMany({ model, values: [...texts], ...settings });
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
