import { setTimeout as delay } from 'node:timers/promises';

/** Milliseconds since the Unix epoch. Injected so tests control time. */
export type Clock = () => number;
/** Wait `ms` milliseconds, or reject when `signal` aborts. Injected so tests do not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = () => Date.now();
export const systemSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/** Client-side request budget, so Alex stays inside its plan instead of collecting 429s. */
export interface Throttle {
  /** Resolves when one more request fits the budget, and counts it. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface ThrottleOptions {
  /** Requests allowed in any window of `windowMs`. */
  maxRequests: number;
  windowMs: number;
  clock?: Clock;
  sleep?: Sleep;
}

/**
 * A sliding-window limiter: it remembers when the last `maxRequests` requests started and
 * lets a new one start only when the oldest of them is more than `windowMs` ago. Callers are
 * served one at a time in arrival order.
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const { maxRequests, windowMs } = options;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? systemSleep;
  const started: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock();
      while (started.length > 0 && (started[0] ?? 0) <= now - windowMs) started.shift();
      if (started.length < maxRequests) {
        started.push(now);
        return;
      }
      await sleep((started[0] ?? now) + windowMs - now, signal);
    }
  }

  return {
    acquire(signal) {
      const turn = queue.then(() => waitForSlot(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

// Polygon's free tier allows 5 API calls per minute (Polygon/Massive knowledge base, "What is
// the request limit"). Paid plans have no per-minute cap; 100 a second keeps a bulk refresh
// polite without slowing a portfolio-sized one.
export const PLAN_LIMITS = {
  free: { maxRequests: 5, windowMs: 60_000 },
  paid: { maxRequests: 100, windowMs: 1_000 },
} as const;
