// `npm run bench`: runs every benchmark module in turn, prints one JSON object keyed by
// benchmark name and writes it to bench/results/latest.json. To add a benchmark, write a
// module exporting `run(): Promise<Record<string, unknown>>` and list it below.
// `npm run bench -- serve_startup cli_startup` runs only the named ones (and writes
// bench/results/<names>.json instead of latest.json, which keeps the whole run).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

interface BenchModule {
  run(): Promise<Record<string, unknown>>;
}

const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  monte_carlo: () => import('./monte-carlo.bench.ts'),
  job_throughput: () => import('./job-throughput.bench.ts'),
  concurrency_gain: () => import('./concurrency-gain.bench.ts'),
  lambda_bundle_size: () => import('./bundle-size.bench.ts'),
  cli_startup: () => import('./cli-startup.bench.ts'),
  serve_startup: () => import('./serve-startup.bench.ts'),
  tokens: () => import('./tokens.bench.ts'),
  analysis_cost: () => import('./analysis-cost.bench.ts'),
  api_load: () => import('./api-load.bench.ts'),
  web_app: () => import('./web-app.bench.ts'),
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark ${unknown.join(', ')}; the benchmarks are ${Object.keys(BENCHMARKS).join(', ')}\n`,
  );
  process.exit(2);
}

const results: Record<string, unknown> = {
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  generated_at: new Date().toISOString(),
};
for (const [name, load] of Object.entries(BENCHMARKS)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  const benchmark = await load();
  results[name] = await benchmark.run();
}

const text = `${JSON.stringify(results, null, 2)}\n`;
const resultsDirectory = new URL('./results/', import.meta.url);
mkdirSync(resultsDirectory, { recursive: true });
const fileName = selected.length > 0 ? `${selected.join('+')}.json` : 'latest.json';
writeFileSync(new URL(fileName, resultsDirectory), text);
process.stdout.write(text);
