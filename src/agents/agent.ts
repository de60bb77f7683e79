import type { z } from 'zod';
import type { AgentName } from '../contracts/jobs.ts';
import type { AgentModel, AttemptBudget, CallUsage, JobSpend, UsageLedger } from '../llm/index.ts';
import type { Logger } from '../log.ts';

/**
 * What an agent may search for research snippets. The knowledge module implements it; agents
 * only see this port. Snippet text is third-party data and reaches models only as quoted data.
 */
export interface KnowledgeSearch {
  search(query: string, options?: { topK?: number; tags?: string[] }): Promise<KnowledgeSnippet[]>;
}

export interface KnowledgeSnippet {
  /** Stable chunk id, cited in `report_payload.sources`. */
  id: string;
  title: string;
  source: string;
  text: string;
  score: number;
}

/** Everything an agent run receives besides its input. Agents never touch the database. */
export interface AgentContext {
  /** The model configured for this agent, or offline (rule-based writer). */
  model: AgentModel;
  /** The job's shared budget of model attempts. */
  budget: AttemptBudget;
  /** The job's token and dollar spend, checked before every model request (absent outside a job). */
  spend?: JobSpend;
  /** Receives the usage of every model request of this run. */
  ledger?: UsageLedger;
  /** Per model request; a request that takes longer is retried. */
  llmTimeoutMs: number;
  knowledge?: KnowledgeSearch;
  logger: Logger;
  signal?: AbortSignal;
  /** The clock, injected so outputs are reproducible in tests. */
  now: () => Date;
}

export interface AgentResult<Output> {
  output: Output;
  usage: CallUsage;
  /** `provider:model`, or `offline` when the rule-based writer produced the output. */
  model: string;
}

/** The shape every agent has (one folder per agent; see STYLE.md 6.5). */
export interface AgentDefinition<Input, Output> {
  name: AgentName;
  inputSchema: z.ZodType<Input>;
  outputSchema: z.ZodType<Output>;
  run(input: Input, context: AgentContext): Promise<AgentResult<Output>>;
}
