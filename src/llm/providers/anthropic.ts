import { createAnthropic } from '@ai-sdk/anthropic';
import type { LlmConfig } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';

/** Anthropic's API; needs ANTHROPIC_API_KEY. */
export function createAnthropicProvider(
  llm: LlmConfig,
  options: ProviderOptions = {},
): RegistryProvider {
  const apiKey = llm.apiKeys.anthropic;
  if (!apiKey) {
    throw new ConfigError(
      'ANTHROPIC_API_KEY',
      'is required for an "anthropic:<model>" model (ALEX_MODEL or ALEX_MODEL_<AGENT>); set it or choose another provider',
    );
  }
  return createAnthropic({
    apiKey: apiKey.reveal(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
