import { useEffect, useState } from 'react';
import {
  applyEvent,
  emptyProgress,
  settleFromSummary,
  type ProgressByAgent,
} from '../api/agent-progress.ts';
import { followEvents } from '../api/sse.ts';
import type { Job } from '../api/types.ts';

/** Live per-agent progress of a job from its event stream, settled by its summary at the end. */
export function useAgentProgress(jobId: string, job: Job | undefined, finished: boolean) {
  const [progress, setProgress] = useState<ProgressByAgent>(emptyProgress);
  useEffect(() => {
    const controller = new AbortController();
    void followEvents(
      `/api/jobs/${jobId}/events`,
      (event) => setProgress((current) => applyEvent(current, event, Date.now())),
      controller.signal,
    );
    return () => controller.abort();
  }, [jobId]);
  return finished && job ? settleFromSummary(progress, job) : progress;
}

/** Re-renders once a second while something runs, so elapsed times count up. */
export function useTicker(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
