import { createProviderRegistry, type LanguageModel } from 'ai';
import { MODEL_PROVIDERS, type LlmConfig, type ModelProvider } from '../config.ts';
import type { AgentName } from '../contracts/jobs.ts';
import { ConfigError } from '../errors.ts';
import { createAnthropicProvider } from './providers/anthropic.ts';
import { bedrockModelId, createBedrockProvider } from './providers/bedrock.ts';
import { createOpenAiCompatibleProvider } from './providers/openai-compatible.ts';
import { createOpenAiProvider } from './providers/openai.ts';
import type { ProviderOptions, RegistryProvider } from './providers/provider-options.ts';

/** A language model object (not a gateway model name). */
export type ProviderLanguageModel = Exclude<LanguageModel, string>;

/** What an agent writes its language with: no model at all, or one configured model. */
export type AgentModel =
  | { kind: 'offline' }
  | {
      kind: 'llm';
      /** `provider:model` as configured, e.g. `openai-compatible:qwen3`; used for prices and logs. */
      label: string;
      /** The AI SDK model to call. */
      model: ProviderLanguageModel;
    };

/** An `AgentModel` that is a real model. */
export type LlmAgentModel = Extract<AgentModel, { kind: 'llm' }>;

/** Resolves each agent's configured model. */
export interface ModelRegistry {
  /**
   * The agent's model from ALEX_MODEL_<AGENT>, else ALEX_MODEL, else BEDROCK_MODEL_ID, else
   * offline. Throws ConfigError naming the missing variable when the provider needs a key or
   * a base URL that is not set.
   */
  modelFor(agent: AgentName): AgentModel;
}

const PROVIDER_FACTORIES: Record<
  ModelProvider,
  (llm: LlmConfig, options: ProviderOptions) => RegistryProvider
> = {
  bedrock: createBedrockProvider,
  openai: createOpenAiProvider,
  anthropic: createAnthropicProvider,
  'openai-compatible': createOpenAiCompatibleProvider,
};

/**
 * Builds the AI SDK provider registry from configuration. A provider whose settings are missing
 * is left out, and its ConfigError is kept until an agent actually asks for one of its models,
 * so an unused provider never stops the program.
 */
export function createModelRegistry(llm: LlmConfig, options: ProviderOptions = {}): ModelRegistry {
  const providers: Record<string, RegistryProvider> = {};
  const unavailable = new Map<ModelProvider, ConfigError>();
  for (const name of MODEL_PROVIDERS) {
    try {
      providers[name] = PROVIDER_FACTORIES[name](llm, options);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      unavailable.set(name, error);
    }
  }
  const registry = createProviderRegistry(providers);

  return {
    modelFor(agent) {
      const spec = llm.models[agent];
      if (spec === 'offline') return { kind: 'offline' };
      const { provider, modelId } = splitModelSpec(spec);
      const missing = unavailable.get(provider);
      if (missing) throw missing;
      const label = `${provider}:${provider === 'bedrock' ? bedrockModelId(modelId) : modelId}`;
      return { kind: 'llm', label, model: registry.languageModel(label as `${string}:${string}`) };
    },
  };
}

function splitModelSpec(spec: string): { provider: ModelProvider; modelId: string } {
  const separator = spec.indexOf(':');
  const provider = MODEL_PROVIDERS.find((name) => name === spec.slice(0, separator));
  if (separator < 1 || !provider) {
    throw new ConfigError('ALEX_MODEL', `"${spec}" is not "offline" or "<provider>:<model>"`);
  }
  return { provider, modelId: spec.slice(separator + 1) };
}
