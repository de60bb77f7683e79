import type { LanguageModel } from 'ai';

/** The AI SDK's current language-model interface (the one its providers implement). */
export type LanguageModelV4 = Extract<LanguageModel, { specificationVersion: 'v4' }>;

/**
 * A model whose provider module is imported on the model's first call, not when the program
 * starts: each provider SDK is 90-330 KB of JavaScript, and a process uses one of four (a
 * Lambda cold start or `alex --help` should not load the other three). `provider` and
 * `modelId` are known up front, so logs and prices need no import; the real model answers
 * everything else.
 */
export function lazyLanguageModel(
  provider: string,
  modelId: string,
  load: () => Promise<LanguageModelV4>,
): LanguageModelV4 {
  let loading: Promise<LanguageModelV4> | undefined;
  const model = (): Promise<LanguageModelV4> => {
    // A failed import is not kept: the next call tries again.
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    specificationVersion: 'v4',
    provider,
    modelId,
    get supportedUrls() {
      return model().then((loaded) => loaded.supportedUrls);
    },
    doGenerate: async (options) => (await model()).doGenerate(options),
    doStream: async (options) => (await model()).doStream(options),
  };
}
