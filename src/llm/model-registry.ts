import { createProviderRegistry, type LanguageModel } from 'ai';
import { MODEL_PROVIDERS, type LlmConfig, type ModelProvider } from '../config.ts';
import type { AgentName } from '../contracts/jobs.ts';
import { ConfigError } from '../errors.ts';
import { lazyLanguageModel, type LanguageModelV4 } from './lazy-language-model.ts';
import { bedrockModelId } from './providers/bedrock-model-id.ts';
import type { ProviderOptions, RegistryProvider } from './providers/provider-options.ts';
import { loadProvider } from './providers/load-provider.ts';
import { missingProviderSetting } from './providers/provider-settings.ts';

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

/**
 * Resolves "provider:model" per agent. A provider whose settings are missing never stops the
 * program: its ConfigError is thrown only when an agent asks for one of its models. The
 * provider's SDK is imported on that model's first call, and the AI SDK's registry then
 * resolves the model from the loaded provider.
 */
export function createModelRegistry(llm: LlmConfig, options: ProviderOptions = {}): ModelRegistry {
  const loadedProviders: Partial<Record<ModelProvider, RegistryProvider>> = {};

  async function loadModel(provider: ModelProvider, label: string): Promise<LanguageModelV4> {
    loadedProviders[provider] ??= await loadProvider(provider, llm, options);
    const registry = createProviderRegistry(loadedProviders as Record<string, RegistryProvider>);
    return registry.languageModel(label as `${string}:${string}`);
  }

  return {
    modelFor(agent) {
      const spec = llm.models[agent];
      if (spec === 'offline') return { kind: 'offline' };
      const { provider, modelId } = splitModelSpec(spec);
      const missing = missingProviderSetting(provider, llm);
      if (missing) throw missing;
      const resolvedModelId = provider === 'bedrock' ? bedrockModelId(modelId) : modelId;
      const label = `${provider}:${resolvedModelId}`;
      return {
        kind: 'llm',
        label,
        model: lazyLanguageModel(provider, resolvedModelId, () => loadModel(provider, label)),
      };
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
