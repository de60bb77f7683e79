import type { LlmConfig, ModelProvider } from '../../config.ts';
import { ConfigError } from '../../errors.ts';

// Checked when an agent asks for a model, before the provider's SDK is imported, so a missing
// key is reported at once and by name rather than at the first model call.

/** The error for a provider whose required setting is not configured. */
export function providerSettingError(provider: Exclude<ModelProvider, 'bedrock'>): ConfigError {
  switch (provider) {
    case 'openai':
      return new ConfigError(
        'OPENAI_API_KEY',
        'is required for an "openai:<model>" model (ALEX_MODEL or ALEX_MODEL_<AGENT>); set it or choose another provider',
      );
    case 'anthropic':
      return new ConfigError(
        'ANTHROPIC_API_KEY',
        'is required for an "anthropic:<model>" model (ALEX_MODEL or ALEX_MODEL_<AGENT>); set it or choose another provider',
      );
    case 'openai-compatible':
      return new ConfigError(
        'ALEX_LLM_BASE_URL',
        'is required for an "openai-compatible:<model>" model; set it to the server, e.g. http://127.0.0.1:11434/v1',
      );
  }
}

/**
 * The missing setting of a provider, if one is missing. Bedrock needs none here: its
 * credentials come from the AWS chain on the first call.
 */
export function missingProviderSetting(
  provider: ModelProvider,
  llm: LlmConfig,
): ConfigError | undefined {
  switch (provider) {
    case 'bedrock':
      return undefined;
    case 'openai':
      return llm.apiKeys.openai ? undefined : providerSettingError(provider);
    case 'anthropic':
      return llm.apiKeys.anthropic ? undefined : providerSettingError(provider);
    case 'openai-compatible':
      return llm.baseUrl ? undefined : providerSettingError(provider);
  }
}
