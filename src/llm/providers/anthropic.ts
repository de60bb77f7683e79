import { createAnthropic } from '@ai-sdk/anthropic';
import type { LlmConfig } from '../../config.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';
import { providerSettingError } from './provider-settings.ts';

/** Anthropic's API; needs ANTHROPIC_API_KEY. */
export function createAnthropicProvider(
  llm: LlmConfig,
  options: ProviderOptions = {},
): RegistryProvider {
  const apiKey = llm.apiKeys.anthropic;
  if (!apiKey) throw providerSettingError('anthropic');
  return createAnthropic({
    apiKey: apiKey.reveal(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
