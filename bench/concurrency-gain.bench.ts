// How much running the three specialists concurrently saves: every specialist's model answers
// each call after a fixed latency (one call each for this portfolio), on the embedded path
// (PGlite in memory, local queue, one worker in this process, the demo portfolio).
//
// For each latency: each specialist alone (a job asking for only that one), then full jobs with
// all three. The gain is the specialists' latencies added up (what running them one after
// another would take) over the full job's latency, submit to finish, overhead included. It is
// given against the model latencies alone (3 × the latency) and against the specialists' own
// measured times when run alone, which add the retirement agent's Monte Carlo: that is CPU
// work on the one event loop, so it cannot overlap with anything and caps the gain: the ideal
// gain (the slowest specialist alone against all three added up) is reported next to it.
import { loadConfig } from '../src/config.ts';
import type { SpecialistName } from '../src/contracts/jobs.ts';
import {
  embeddedDatabase,
  median,
  round,
  SPECIALISTS,
  startJobBench,
  type JobBench,
} from './job-throughput.bench.ts';

const LATENCIES_MS = [200, 2000];
const RUNS = 3;
const TARGET_GAIN = 2.5;

/** Median time inside `agent` over RUNS jobs that ask for it alone. */
async function aloneMs(bench: JobBench, agent: SpecialistName): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const { jobId } = await bench.runOne([agent]);
    times.push(bench.agentTimes(jobId)[agent] ?? Number.NaN);
  }
  return median(times);
}

async function measure(latencyMs: number): Promise<Record<string, unknown>> {
  const database = await embeddedDatabase();
  // Warm-up, RUNS alone per specialist, RUNS full jobs (one call per specialist per job).
  const bench = await startJobBench(database, loadConfig({}), {
    concurrency: 1,
    latencyMs,
    maxJobs: 1 + RUNS * 2,
  });
  try {
    await bench.runOne();
    const alone: Record<string, number> = {};
    for (const agent of SPECIALISTS) alone[agent] = await aloneMs(bench, agent);
    const jobs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) jobs.push((await bench.runOne()).ms);
    const jobMs = median(jobs);
    const sumAlone = Object.values(alone).reduce((sum, ms) => sum + ms, 0);
    const sumModel = latencyMs * SPECIALISTS.length;
    return {
      model_latency_per_call_ms: latencyMs,
      specialist_alone_ms: Object.fromEntries(
        Object.entries(alone).map(([agent, ms]) => [agent, round(ms)]),
      ),
      job_ms: round(jobMs),
      sum_of_model_latencies_ms: sumModel,
      gain_vs_model_latencies: round2(sumModel / jobMs),
      sum_of_specialists_alone_ms: round(sumAlone),
      gain_vs_specialists_alone: round2(sumAlone / jobMs),
      // The most any schedule could gain: every specialist overlapped with the slowest one.
      ideal_gain: round2(sumAlone / Math.max(...Object.values(alone))),
      meets_target: sumAlone / jobMs >= TARGET_GAIN,
    };
  } finally {
    await bench.close();
    await database.close();
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const latencyMs of LATENCIES_MS)
    results[`latency_${latencyMs}ms`] = await measure(latencyMs);
  return {
    portfolio: 'demo (12 positions, 3 accounts)',
    models:
      'reporter, charter, retirement: scripted models answering each call after a fixed latency; tagger and planner offline',
    statistic: `median of ${RUNS} jobs after one warm-up job`,
    target_gain: TARGET_GAIN,
    ...results,
  };
}
