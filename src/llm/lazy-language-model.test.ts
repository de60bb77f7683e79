import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { lazyLanguageModel } from './lazy-language-model.ts';

const CALL = {
  prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }],
};

function realModel() {
  return new MockLanguageModelV4({
    doGenerate: {
      content: [{ type: 'text', text: 'hello' }],
      finishReason: { unified: 'stop', raw: undefined },
      usage: {
        inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: 1, reasoning: 0 },
      },
      warnings: [],
    },
  });
}

describe('a lazily loaded model', () => {
  it('names its provider and model without loading, then loads once for all calls', async () => {
    let loads = 0;
    const model = lazyLanguageModel('openai', 'gpt-4.1-mini', () => {
      loads += 1;
      return Promise.resolve(realModel());
    });
    expect([model.provider, model.modelId, loads]).toEqual(['openai', 'gpt-4.1-mini', 0]);
    const first = await model.doGenerate(CALL);
    await model.doGenerate(CALL);
    expect(first.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(await model.supportedUrls).toEqual({});
    expect(loads).toBe(1);
  });

  it('tries the import again on the next call after one failed', async () => {
    let loads = 0;
    const model = lazyLanguageModel('anthropic', 'claude-haiku-4-5', () => {
      loads += 1;
      return loads === 1
        ? Promise.reject(new Error('module not found'))
        : Promise.resolve(realModel());
    });
    await expect(model.doGenerate(CALL)).rejects.toThrow('module not found');
    const second = await model.doGenerate(CALL);
    expect(second.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(loads).toBe(2);
  });
});
