import { createOpenAI } from '@ai-sdk/openai';
import type { LlmConfig } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';

/** OpenAI's API; needs OPENAI_API_KEY. */
export function createOpenAiProvider(
  llm: LlmConfig,
  options: ProviderOptions = {},
): RegistryProvider {
  const apiKey = llm.apiKeys.openai;
  if (!apiKey) {
    throw new ConfigError(
      'OPENAI_API_KEY',
      'is required for an "openai:<model>" model (ALEX_MODEL or ALEX_MODEL_<AGENT>); set it or choose another provider',
    );
  }
  return createOpenAI({
    apiKey: apiKey.reveal(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
