import type { createProviderRegistry } from 'ai';

/** What every provider factory accepts besides the LLM configuration. */
export interface ProviderOptions {
  /** Replaces `fetch` for HTTP calls (tests, proxies); the global `fetch` otherwise. */
  fetch?: typeof fetch | undefined;
}

/** A provider as the AI SDK's registry accepts it. */
export type RegistryProvider = Parameters<typeof createProviderRegistry>[0][string];
