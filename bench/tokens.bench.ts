// Input tokens per analysis: the demo job run through the real worker path with every agent on
// an OpenAI-compatible model (a local fake server that records each request body and answers
// at once with a valid answer), counted with the o200k tokenizer (GPT-4o's; other providers'
// tokenizers differ by some percent, so read the figures as relative). What is counted is what
// the provider would bill as input: the messages, the tool definitions and the response
// format's JSON schema, as serialised in the request. For this portfolio the tagger and the
// planner make no model call (every symbol is reference data, no free-text request).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { loadConfig } from '../src/config.ts';
import { createServices } from '../src/entry/compose.ts';
import { createJobRuntime } from '../src/entry/job-runtime.ts';
import { startWorker } from '../src/entry/worker.ts';
import { submitJob, type ProgressEvent } from '../src/jobs/index.ts';
import { SPECIALIST_ANSWERS } from './job-throughput.bench.ts';
import { silentLogger } from '../src/log.ts';
import { DEMO_USER_ID, seedDemoPortfolio } from '../src/store/seeds/demo-portfolio.ts';
import {
  fake,
  startFakeOpenAiServer,
  type RecordedRequest,
} from '../test/fakes/openai-compatible-server.ts';

/** The target for the whole demo analysis (input tokens, all agents). */
const TARGET_INPUT_TOKENS = 7_000;
/** Measured before the cuts (issue 13 §6), same portfolio, tokenizer and request shapes. */
const BEFORE_INPUT_TOKENS = 15_337;

const MODELS = {
  reporter: 'bench-reporter',
  charter: 'bench-charter',
  retirement: 'bench-retirement',
};

// The same valid answers the job-throughput bench scripts.
const ANSWERS = SPECIALIST_ANSWERS;

/**
 * The request's billable input, counted as a provider counts it: each message's text (its
 * content string, or the JSON of structured content), plus about 4 tokens of framing per
 * message (OpenAI's published rule of thumb for chat formatting), plus the tool definitions and
 * the response format's JSON schema as sent.
 */
function inputTokens(request: RecordedRequest): number {
  const body = request.body;
  if (!body) return 0;
  const MESSAGE_FRAMING_TOKENS = 4;
  let tokens = 0;
  for (const message of body.messages) {
    const text =
      typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    tokens += encode(text).length + MESSAGE_FRAMING_TOKENS;
  }
  if (body.tools) tokens += encode(JSON.stringify(body.tools)).length;
  if (body.response_format) tokens += encode(JSON.stringify(body.response_format)).length;
  return tokens;
}

export async function run(): Promise<Record<string, unknown>> {
  const server = await startFakeOpenAiServer();
  const directory = mkdtempSync(join(tmpdir(), 'alex-bench-tokens-'));
  try {
    const config = loadConfig({
      ALEX_DATA_DIR: join(directory, 'data'),
      ALEX_MODEL: 'openai-compatible:bench-default',
      ALEX_MODEL_REPORTER: `openai-compatible:${MODELS.reporter}`,
      ALEX_MODEL_CHARTER: `openai-compatible:${MODELS.charter}`,
      ALEX_MODEL_RETIREMENT: `openai-compatible:${MODELS.retirement}`,
      ALEX_LLM_BASE_URL: server.baseUrl,
      ALEX_LLM_API_KEY: 'bench-key',
    });
    const services = await createServices(config, { logger: silentLogger() });
    try {
      await seedDemoPortfolio(services.repositories);
      for (const [agent, model] of Object.entries(MODELS))
        server.scriptFor(model, [fake.json(ANSWERS[agent as keyof typeof ANSWERS])]);
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const runtime = await createJobRuntime(services, {
        onProgress: (event: ProgressEvent) => {
          if (event.type === 'job-finished') finish();
        },
      });
      const worker = await startWorker(services, runtime, { concurrency: 1 });
      try {
        const job = await submitJob(
          { repositories: services.repositories, queue: runtime.queue },
          DEMO_USER_ID,
          { analysis_type: 'portfolio_analysis' },
        );
        await finished;
        const stored = await services.repositories.jobs.findForWorker(job.id);
        if (stored?.status !== 'completed') throw new Error(`the demo job ended ${stored?.status}`);
      } finally {
        await worker.stop();
      }
    } finally {
      await services.close();
    }
    const perAgent: Record<string, { requests: number; input_tokens: number }> = {};
    for (const request of server.requests) {
      const agent =
        Object.entries(MODELS).find(([, model]) => model === request.body?.model)?.[0] ??
        request.body?.model ??
        request.path;
      const entry = (perAgent[agent] ??= { requests: 0, input_tokens: 0 });
      entry.requests += 1;
      entry.input_tokens += inputTokens(request);
    }
    const total = Object.values(perAgent).reduce((sum, entry) => sum + entry.input_tokens, 0);
    return {
      tokenizer: 'o200k_base',
      requests: server.requests.length,
      input_tokens: total,
      per_agent: perAgent,
      target_input_tokens: TARGET_INPUT_TOKENS,
      ratio_to_target: Math.round((total / TARGET_INPUT_TOKENS) * 100) / 100,
      before_cuts_input_tokens: BEFORE_INPUT_TOKENS,
      ratio_to_before: Math.round((total / BEFORE_INPUT_TOKENS) * 100) / 100,
    };
  } finally {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

// `node bench/tokens.bench.ts` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
