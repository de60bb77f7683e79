// One job may make at most this many model requests in total, across all its agents, retries
// and repair rounds. A normal analysis makes about 10–20 (planner tool steps, one call per
// tagger batch and specialist, a repair now and then); 40 leaves room for a bad minute of 429s
// and 5xx, yet stops a job that a failing provider or a looping model would otherwise keep
// spending on. The queue's own redelivery starts a new job attempt with a fresh budget.
export const DEFAULT_ATTEMPTS_PER_JOB = 40;

/** Model requests one job may still make; shared by every call of the job. */
export interface AttemptBudget {
  /** The most requests the job may make. */
  readonly limit: number;
  /** Requests made so far (including retries and repairs). */
  readonly used: number;
  /** Requests left. */
  readonly remaining: number;
  /** Takes one request from the budget; false when none is left (the call then fails). */
  tryTake(): boolean;
}

export function createAttemptBudget(limit: number = DEFAULT_ATTEMPTS_PER_JOB): AttemptBudget {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`an attempt budget needs a positive whole number, got ${limit}`);
  }
  let used = 0;
  return {
    limit,
    get used() {
      return used;
    },
    get remaining() {
      return limit - used;
    },
    tryTake() {
      if (used >= limit) return false;
      used += 1;
      return true;
    },
  };
}
