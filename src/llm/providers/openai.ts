import { createOpenAI } from '@ai-sdk/openai';
import type { LlmConfig } from '../../config.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';
import { providerSettingError } from './provider-settings.ts';

/** OpenAI's API; needs OPENAI_API_KEY. */
export function createOpenAiProvider(
  llm: LlmConfig,
  options: ProviderOptions = {},
): RegistryProvider {
  const apiKey = llm.apiKeys.openai;
  if (!apiKey) throw providerSettingError('openai');
  return createOpenAI({
    apiKey: apiKey.reveal(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
