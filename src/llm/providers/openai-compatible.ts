import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LlmConfig } from '../../config.ts';
import type { ProviderOptions, RegistryProvider } from './provider-options.ts';
import { providerSettingError } from './provider-settings.ts';

/**
 * Any server speaking OpenAI's chat completions API (Ollama, vLLM, LM Studio) at
 * ALEX_LLM_BASE_URL, with ALEX_LLM_API_KEY when the server wants one. Structured outputs are
 * requested as `response_format: json_schema`, which all three accept; without that flag the
 * provider would send plain `json_object` and drop the schema. `includeUsage` asks for token
 * counts, which the cost estimate needs.
 */
export function createOpenAiCompatibleProvider(
  llm: LlmConfig,
  options: ProviderOptions = {},
): RegistryProvider {
  if (!llm.baseUrl) throw providerSettingError('openai-compatible');
  return createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: llm.baseUrl,
    ...(llm.apiKeys.openaiCompatible ? { apiKey: llm.apiKeys.openaiCompatible.reveal() } : {}),
    supportsStructuredOutputs: true,
    includeUsage: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
