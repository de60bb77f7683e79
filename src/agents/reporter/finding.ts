// What a rule of the report found: shared by the portfolio findings and the X-ray's.
import type { AllowedFact } from '../../core/index.ts';

export type Priority = 'high' | 'medium' | 'low';

/** One issue a rule found, with the words and figures to state it. */
export interface Finding {
  priority: Priority;
  /** Short imperative heading, e.g. "Rebalance toward your asset-class targets". */
  title: string;
  /** The specifics, in sentences, with figures formatted from computed values. */
  detail: string;
  /** What to search the knowledge base for on this topic. */
  knowledgeQuery: string;
  /** Dollar size of the issue, to order findings of the same priority. */
  weightUsd: number;
  /** Numbers this finding computed beyond the analytics' facts (for the fact check). */
  facts: AllowedFact[];
}
