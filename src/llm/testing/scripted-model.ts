import { APICallError } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import type { LlmAgentModel } from '../model-registry.ts';

// A language model for tests that answers from a script, in order, and remembers every
// request. Use it wherever an agent takes an `AgentModel`:
//
//   const model = scriptedModel([reply.toolCall('search', { query: 'VTI' }), reply.json({ ... })]);
//   const result = await generateStructured({ model, ... });
//   expect(model.calls[1]?.promptText).toContain('VTI');
//   model.assertAllConsumed();
//
// A test that does not call assertAllConsumed is still checked: the test setup
// (test/helpers/scripts-used.ts) calls assertScriptsUsed after every test.

type GenerateOptions = Parameters<MockLanguageModelV4['doGenerate']>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV4['doGenerate']>>;

/** Tokens a scripted reply reports unless it says otherwise. */
export const DEFAULT_SCRIPTED_USAGE: ScriptedUsage = { inputTokens: 10, outputTokens: 5 };

export interface ScriptedUsage {
  /** Prompt tokens the reply reports. */
  inputTokens: number;
  /** Generated tokens the reply reports. */
  outputTokens: number;
}

/** One scripted answer; build them with `reply`. */
export type ScriptedReply =
  | { kind: 'text'; text: string; usage: ScriptedUsage }
  | { kind: 'tool-calls'; calls: { toolName: string; input: unknown }[]; usage: ScriptedUsage }
  | { kind: 'error'; error: unknown }
  | { kind: 'hang' };

export const reply = {
  /** Answers with `value` as JSON text: the structured answer. */
  json(value: unknown, usage: ScriptedUsage = DEFAULT_SCRIPTED_USAGE): ScriptedReply {
    return { kind: 'text', text: JSON.stringify(value), usage };
  },
  /** Answers with plain text (also how to script malformed JSON). */
  text(text: string, usage: ScriptedUsage = DEFAULT_SCRIPTED_USAGE): ScriptedReply {
    return { kind: 'text', text, usage };
  },
  /** Calls one tool with `input`; the SDK runs the tool and asks the model again. */
  toolCall(toolName: string, input: unknown, usage = DEFAULT_SCRIPTED_USAGE): ScriptedReply {
    return { kind: 'tool-calls', calls: [{ toolName, input }], usage };
  },
  /** Calls several tools in one step. */
  toolCalls(
    calls: { toolName: string; input: unknown }[],
    usage: ScriptedUsage = DEFAULT_SCRIPTED_USAGE,
  ): ScriptedReply {
    return { kind: 'tool-calls', calls, usage };
  },
  /** Fails the request with `error` (e.g. one from `apiCallError`). */
  error(error: unknown): ScriptedReply {
    return { kind: 'error', error };
  },
  /** Never answers; the request ends only when its abort signal fires (the timeout). */
  hang(): ScriptedReply {
    return { kind: 'hang' };
  },
};

/** An HTTP failure as a provider reports it, e.g. `apiCallError(429, { 'retry-after': '3' })`. */
export function apiCallError(status: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `scripted HTTP ${status}`,
    url: 'https://scripted.invalid/v1/chat/completions',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
  });
}

/** What the model was asked in one request. */
export interface RecordedCall {
  /** The system prompt, when one was sent. */
  system: string;
  /** Every text part of the non-system messages (user, assistant, tool results), joined by newlines. */
  promptText: string;
  /** The full prompt as the model received it. */
  prompt: GenerateOptions['prompt'];
  /** Names of the tools offered. */
  toolNames: string[];
  /** `json` when a structured answer was requested, else `text`. */
  responseFormat: 'json' | 'text';
}

export interface ScriptedModel extends LlmAgentModel {
  /** Every request so far, in order. */
  readonly calls: RecordedCall[];
  /** Replies not yet used. */
  readonly remaining: number;
  /** Throws when the script has replies left: the test expected calls that never happened. */
  assertAllConsumed(): void;
}

// Scripted models made since the last assertScriptsUsed, not yet checked by assertAllConsumed.
const unchecked = new Set<ScriptedModel>();

/**
 * Throws when a scripted model made since the last call still has replies left, and forgets
 * them all; the test setup calls it after every test, so the failure lands on the test that
 * left the replies unused.
 */
export function assertScriptsUsed(): void {
  const models = [...unchecked];
  unchecked.clear();
  for (const model of models) model.assertAllConsumed();
}

/** A model that answers with `replies` in order; `label` feeds pricing (unpriced by default). */
export function scriptedModel(
  replies: ScriptedReply[],
  options: { label?: string } = {},
): ScriptedModel {
  const label = options.label ?? 'scripted:test-model';
  const script = [...replies];
  const calls: RecordedCall[] = [];
  const model = new MockLanguageModelV4({
    provider: 'scripted',
    modelId: label,
    doGenerate: async (generateOptions) => {
      calls.push(recordCall(generateOptions));
      const next = script.shift();
      if (!next) {
        throw new Error(
          `scripted model: request ${calls.length} has no scripted reply (the script had ${replies.length})`,
        );
      }
      return answer(next, generateOptions, calls.length);
    },
  });
  const scripted: ScriptedModel = {
    kind: 'llm',
    label,
    model,
    calls,
    get remaining() {
      return script.length;
    },
    assertAllConsumed() {
      unchecked.delete(scripted);
      if (script.length > 0) {
        throw new Error(
          `scripted model: ${script.length} of ${replies.length} replies were never used (${calls.length} requests made)`,
        );
      }
    },
  };
  unchecked.add(scripted);
  return scripted;
}

async function answer(
  next: ScriptedReply,
  options: GenerateOptions,
  callNumber: number,
): Promise<GenerateResult> {
  switch (next.kind) {
    case 'error':
      throw next.error;
    case 'hang':
      return new Promise((_resolve, reject) => {
        const signal = options.abortSignal;
        if (!signal) {
          reject(new Error('scripted model: reply.hang() needs a request with an abort signal'));
          return;
        }
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    case 'text':
      return result([{ type: 'text', text: next.text }], 'stop', next.usage);
    case 'tool-calls':
      return result(
        next.calls.map((call, index) => ({
          type: 'tool-call' as const,
          toolCallId: `call-${callNumber}-${index + 1}`,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        })),
        'tool-calls',
        next.usage,
      );
  }
}

function result(
  content: GenerateResult['content'],
  finishReason: 'stop' | 'tool-calls',
  usage: ScriptedUsage,
): GenerateResult {
  return {
    content,
    finishReason: { unified: finishReason, raw: undefined },
    usage: {
      inputTokens: {
        total: usage.inputTokens,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: usage.outputTokens, text: undefined, reasoning: undefined },
    },
    warnings: [],
  };
}

function recordCall(options: GenerateOptions): RecordedCall {
  const system: string[] = [];
  const texts: string[] = [];
  for (const message of options.prompt) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text') texts.push(part.text);
      if (part.type === 'tool-result') texts.push(JSON.stringify(part.output));
    }
  }
  return {
    system: system.join('\n'),
    promptText: texts.join('\n'),
    prompt: options.prompt,
    toolNames: (options.tools ?? []).map((tool) => tool.name),
    responseFormat: options.responseFormat?.type === 'json' ? 'json' : 'text',
  };
}
