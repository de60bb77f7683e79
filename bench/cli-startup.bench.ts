// Start-up of the `alex` command as a newcomer meets it, timed as whole processes: `alex
// --help`, the demo on a fresh data directory (what the first `npm run demo` does) and on a warm
// one. Each figure is the median of several runs, with the peak memory and the CPU time (user +
// system) the process itself reports, and a ratio against Node starting an empty script measured
// in the same run, so the figure means something on a busy machine: there the wall time includes
// waiting for a core and the CPU time mostly does not. Targets from the first-five-minutes issue.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgliteTemplatePath } from '../src/store/pglite-template.ts';

const BIN = fileURLToPath(new URL('../bin/alex.js', import.meta.url));
const RUNS = 5;
const TARGETS = { help_s: 0.3, demo_fresh_s: 3, demo_warm_s: 2, peak_rss_mb: 450 };

// Appends the process's own peak RSS (KiB) and CPU time (user and system, microseconds) to a
// file when it exits; bin/alex.js passes Node's flags on when it re-executes itself (execve keeps
// the process and its counters), so this reports the process that did the work. The peak is
// Linux's VmHWM, the peak resident memory of the program the process runs since its last exec, where
// there is one: getrusage's maxRSS (resourceUsage) keeps the peak of the memory a child was
// forked with, so after `npm run bench` had run a 1,000,000-path Monte Carlo every child here
// reported the bench's own 810 MB.
const REPORT_USAGE =
  'data:text/javascript,' +
  encodeURIComponent(
    "import{appendFileSync,readFileSync}from'node:fs';" +
      "const peakKib=()=>{try{const m=/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status','utf8'));if(m)return Number(m[1]);}catch{}return process.resourceUsage().maxRSS;};" +
      "process.on('exit',()=>{const u=process.resourceUsage();appendFileSync(process.env.BENCH_USAGE_FILE,peakKib()+' '+(u.userCPUTime+u.systemCPUTime)+'\\n');});",
  );

interface Sample {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

export function timeProcess(args: string[], env: NodeJS.ProcessEnv): Sample {
  const usageFile = join(mkdtempSync(join(tmpdir(), 'alex-bench-usage-')), 'usage');
  writeFileSync(usageFile, '');
  const started = performance.now();
  execFileSync(process.execPath, ['--import', REPORT_USAGE, ...args], {
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
    stdio: 'ignore',
  });
  const seconds = (performance.now() - started) / 1000;
  const reports = readFileSync(usageFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number));
  const peakKib = Math.max(...reports.map(([rss = Number.NaN]) => rss));
  const cpuMicros = Math.max(...reports.map(([, cpu = Number.NaN]) => cpu));
  rmSync(dirname(usageFile), { recursive: true, force: true });
  return { seconds, cpuSeconds: cpuMicros / 1e6, peakRssMb: peakKib / 1024 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function summary(samples: Sample[], referenceSeconds: number, targetSeconds: number) {
  const seconds = median(samples.map((sample) => sample.seconds));
  const cpuSeconds = median(samples.map((sample) => sample.cpuSeconds));
  const peakRssMb = median(samples.map((sample) => sample.peakRssMb));
  return {
    median_s: Number(seconds.toFixed(3)),
    median_cpu_s: Number(cpuSeconds.toFixed(3)),
    vs_empty_node: Number((seconds / referenceSeconds).toFixed(2)),
    peak_rss_mb: Math.round(peakRssMb),
    target_s: targetSeconds,
    met: seconds < targetSeconds && peakRssMb < TARGETS.peak_rss_mb,
  };
}

export function run(): Promise<Record<string, unknown>> {
  const work = mkdtempSync(join(tmpdir(), 'alex-bench-cli-'));
  try {
    const reference: Sample[] = [];
    const help: Sample[] = [];
    const fresh: Sample[] = [];
    const warm: Sample[] = [];
    const outputs = join(work, 'out');
    for (let run = 0; run < RUNS; run += 1) {
      reference.push(timeProcess(['-e', '0'], {}));
      help.push(timeProcess([BIN, '--help'], {}));
      const dataDir = join(work, `data-${run}`);
      fresh.push(timeProcess([BIN, 'demo', '--output', outputs], { ALEX_DATA_DIR: dataDir }));
      warm.push(timeProcess([BIN, 'demo', '--output', outputs], { ALEX_DATA_DIR: dataDir }));
      rmSync(dataDir, { recursive: true, force: true });
    }
    const referenceSeconds = median(reference.map((sample) => sample.seconds));
    return Promise.resolve({
      runs: RUNS,
      load_average_1m: Number(loadavg()[0]?.toFixed(2)),
      // Without the template `npm run prepare` builds for these migrations, a fresh data
      // directory runs initdb and every migration: the slow path, not the one measured here.
      pglite_template_ready: existsSync(join(pgliteTemplatePath(), 'PG_VERSION')),
      empty_node_s: Number(referenceSeconds.toFixed(3)),
      peak_rss_target_mb: TARGETS.peak_rss_mb,
      help: summary(help, referenceSeconds, TARGETS.help_s),
      demo_fresh_data_dir: summary(fresh, referenceSeconds, TARGETS.demo_fresh_s),
      demo_warm: summary(warm, referenceSeconds, TARGETS.demo_warm_s),
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
