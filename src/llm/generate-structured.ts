import {
  generateText,
  isStepCount,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  wrapLanguageModel,
  type LanguageModelMiddleware,
  type ModelMessage,
  type ToolSet,
} from 'ai';
import type { z } from 'zod';
import { InputError, ModelOutputError, TimeoutError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { parseJson } from '../parse-json.ts';
import type { AttemptBudget } from './attempt-budget.ts';
import type { LlmAgentModel, ProviderLanguageModel } from './model-registry.ts';
import { withRetries, type RetryDependencies } from './retry.ts';
import type { JobSpend } from './spend-ceiling.ts';
import { addUsage, NO_USAGE, usageOfCall, type CallUsage, type UsageLedger } from './usage.ts';

// One repair round: a model that fails the schema twice in a row rarely gets it right on a
// third try, and each round costs a full prompt. The run then fails with the reason recorded.
export const MAX_REPAIR_ROUNDS = 1;
// Tool-calling agents get this many model steps (tool calls plus the final answer) by default.
export const DEFAULT_MAX_STEPS_WITH_TOOLS = 6;
// Generated tokens per request when the caller does not set its own limit: above any answer an
// agent here gives (the longest, the Reporter's markdown, sets its own), so only a model that
// rambles or loops is cut off, and then the schema check rejects the truncated answer.
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_000;

export interface StructuredRequest<T> {
  /** The agent's model from the registry (or a scripted model in tests). */
  model: LlmAgentModel;
  /** The system prompt (the agent's instructions). */
  system: string;
  /** The user prompt; user-supplied text belongs inside it as quoted data. */
  prompt: string;
  /** The shape the answer must have; sent to the provider as a JSON schema and checked here. */
  schema: z.ZodType<T>;
  /** A name for the schema, which some providers show the model. */
  schemaName?: string;
  /** Domain problems the schema cannot express; non-empty means one repair round with them. */
  validate?: (value: T) => string[];
  /** Tools the model may call before answering. */
  tools?: ToolSet;
  /** Most model steps per round (tool calls plus the answer); 1 without tools. */
  maxSteps?: number;
  /** Limit for each single model request; a request that takes longer is retried. */
  timeoutMs: number;
  /** Most tokens the model may generate per request (DEFAULT_MAX_OUTPUT_TOKENS when unset). */
  maxOutputTokens?: number;
  /** The job's shared attempt budget. */
  budget: AttemptBudget;
  /** The job's token and dollar spend: checked before each request, added to after each. */
  spend?: JobSpend;
  /** Cancels the call (job cancelled or shutting down). */
  signal?: AbortSignal;
  /** Receives retry warnings and one debug line per model request (never prompts or output). */
  logger?: Logger;
  /** Receives the usage of every model request, including those of a call that fails. */
  ledger?: UsageLedger;
  /** Replaces sleeping, jitter and the clock in retries (tests). */
  retryDependencies?: Partial<RetryDependencies>;
}

export interface StructuredResult<T> {
  /** The answer, valid against the schema and `validate`. */
  value: T;
  /** Tokens and estimated cost of every model request this call made. */
  usage: CallUsage;
  /** The model's label, e.g. `bedrock:us.amazon.nova-pro-v1:0`. */
  model: string;
  /** True when the first answer was rejected and the repair round's answer was accepted. */
  repaired: boolean;
  /** Model requests made, counting tool steps, retries and the repair round. */
  calls: number;
}

/** The model's answer stayed invalid after the repair round. */
export class StructuredOutputError extends ModelOutputError {
  /** What was wrong with the last answer: schema issues or domain problems. */
  readonly problems: string[];
  /** Tokens and estimated cost spent on the failed call. */
  readonly usage: CallUsage;
  constructor(model: string, problems: string[], rawText: string, usage: CallUsage) {
    super(
      model,
      `answer still invalid after ${MAX_REPAIR_ROUNDS} repair round: ${problems.join('; ')}`,
      rawText,
    );
    this.name = 'StructuredOutputError';
    this.problems = problems;
    this.usage = usage;
  }
}

interface Round<T> {
  value: T | undefined;
  rawText: string;
  problems: string[];
}

interface Tally {
  usage: CallUsage;
  calls: number;
}

/**
 * One schema-checked model call: timeout and retries per request, a shared attempt budget,
 * usage for every request, and one repair round (the rejected answer and its problems are sent
 * back) before failing with StructuredOutputError.
 */
export async function generateStructured<T>(
  request: StructuredRequest<T>,
): Promise<StructuredResult<T>> {
  const tally: Tally = { usage: NO_USAGE, calls: 0 };
  const model = wrapLanguageModel({
    model: request.model.model,
    middleware: requestPolicy(request, tally),
  });
  let messages: ModelMessage[] = [{ role: 'user', content: request.prompt }];
  for (let round = 0; ; round += 1) {
    const answer = await runRound(model, request, messages);
    if (answer.value !== undefined && answer.problems.length === 0) {
      return {
        value: answer.value,
        usage: tally.usage,
        model: request.model.label,
        repaired: round > 0,
        calls: tally.calls,
      };
    }
    request.logger?.warn(
      {
        event: 'llm-output-rejected',
        model: request.model.label,
        round,
        problems: answer.problems,
      },
      'model answer rejected',
    );
    if (round >= MAX_REPAIR_ROUNDS) {
      throw new StructuredOutputError(
        request.model.label,
        answer.problems,
        answer.rawText,
        tally.usage,
      );
    }
    messages = repairMessages(request.prompt, answer);
  }
}

async function runRound<T>(
  model: ProviderLanguageModel,
  request: StructuredRequest<T>,
  messages: ModelMessage[],
): Promise<Round<T>> {
  const maxSteps = request.maxSteps ?? (request.tools ? DEFAULT_MAX_STEPS_WITH_TOOLS : 1);
  try {
    const result = await generateText({
      model,
      instructions: request.system,
      messages,
      ...(request.tools ? { tools: request.tools } : {}),
      stopWhen: isStepCount(maxSteps),
      maxOutputTokens: request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      output: Output.object({
        schema: request.schema,
        ...(request.schemaName ? { name: request.schemaName } : {}),
      }),
      maxRetries: 0,
      ...(request.signal ? { abortSignal: request.signal } : {}),
    });
    let value: T;
    try {
      value = result.output;
    } catch (error) {
      if (!NoOutputGeneratedError.isInstance(error)) throw error;
      return {
        value: undefined,
        rawText: result.text,
        problems: [`no final answer within ${maxSteps} model steps`],
      };
    }
    return { value, rawText: result.text, problems: request.validate?.(value) ?? [] };
  } catch (error) {
    if (!NoObjectGeneratedError.isInstance(error)) throw error;
    const rawText = error.text ?? '';
    return { value: undefined, rawText, problems: schemaProblems(rawText, request.schema) };
  }
}

/** The schema's complaints about `rawText`, in words the model can act on. */
function schemaProblems<T>(rawText: string, schema: z.ZodType<T>): string[] {
  if (rawText.trim() === '') return ['the answer was empty; a JSON object was expected'];
  try {
    parseJson(rawText, schema, 'answer');
  } catch (error) {
    if (error instanceof InputError) {
      return error.issues.map((issue) => `${issue.field}: ${issue.rule}`);
    }
    throw error;
  }
  return ['the answer did not match the schema'];
}

function repairMessages(prompt: string, rejected: Round<unknown>): ModelMessage[] {
  const problems = rejected.problems.map((problem) => `- ${problem}`).join('\n');
  return [
    { role: 'user', content: prompt },
    ...(rejected.rawText.trim() === ''
      ? []
      : [{ role: 'assistant' as const, content: rejected.rawText }]),
    {
      role: 'user',
      content: `Your previous answer was rejected for these reasons:\n${problems}\nReply again with the complete corrected JSON object only.`,
    },
  ];
}

/**
 * Wraps every single model request (each tool step, each round) in the timeout, the retry
 * policy and the attempt budget, and records its usage. Doing this per request rather than
 * around generateText means a 429 on the third tool step retries that step, not the tools.
 */
function requestPolicy<T>(request: StructuredRequest<T>, tally: Tally): LanguageModelMiddleware {
  const label = request.model.label;
  return {
    wrapGenerate: ({ params, model }) =>
      withRetries(
        async (attempt) => {
          request.spend?.assertBelowCeiling();
          tally.calls += 1;
          const timeout = AbortSignal.timeout(request.timeoutMs);
          const signal = params.abortSignal
            ? AbortSignal.any([params.abortSignal, timeout])
            : timeout;
          let result: Awaited<ReturnType<typeof model.doGenerate>>;
          try {
            result = await model.doGenerate({ ...params, abortSignal: signal });
          } catch (error) {
            if (timeout.aborted && !params.abortSignal?.aborted) {
              throw new TimeoutError(`${label} request`, request.timeoutMs);
            }
            throw error;
          }
          const usage = usageOfCall(label, {
            inputTokens: result.usage.inputTokens.total ?? 0,
            outputTokens: result.usage.outputTokens.total ?? 0,
          });
          tally.usage = addUsage(tally.usage, usage);
          request.ledger?.record(label, usage);
          await request.spend?.record(usage);
          request.logger?.debug(
            { event: 'llm-request', model: label, attempt, ...usage },
            'model request done',
          );
          return result;
        },
        {
          service: label,
          budget: request.budget,
          signal: request.signal,
          logger: request.logger,
          dependencies: request.retryDependencies,
        },
      ),
  };
}
