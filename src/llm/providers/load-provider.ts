import type { LlmConfig, ModelProvider } from '../../config.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';

type ProviderFactory = (llm: LlmConfig, options: ProviderOptions) => RegistryProvider;

// One import() per provider, so a bundler puts each SDK in its own chunk and a process loads
// only the providers its models and embedder use (issue 13: every Lambda cold start loaded
// all four, 0.9 MB of JavaScript). The Lambda packager leaves out the providers a deployment
// does not configure by replacing these imports (src/entry/aws/package-lambdas.ts).
const PROVIDER_MODULES: Record<ModelProvider, () => Promise<ProviderFactory>> = {
  bedrock: async () => (await import('./bedrock.ts')).createBedrockProvider,
  openai: async () => (await import('./openai.ts')).createOpenAiProvider,
  anthropic: async () => (await import('./anthropic.ts')).createAnthropicProvider,
  'openai-compatible': async () =>
    (await import('./openai-compatible.ts')).createOpenAiCompatibleProvider,
};

/** Imports the provider's SDK and creates the provider from configuration. */
export async function loadProvider(
  provider: ModelProvider,
  llm: LlmConfig,
  options: ProviderOptions = {},
): Promise<RegistryProvider> {
  const createProvider = await PROVIDER_MODULES[provider]();
  return createProvider(llm, options);
}
