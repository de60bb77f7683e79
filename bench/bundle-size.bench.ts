// Lambda packages: builds the six zips (five agents and the HTTP API) as `npm run package` does (into a temporary directory,
// leaving dist/ alone) and reports, per function, the zip's bytes against the 600 KB target
// and the cold import of its handler module: index.mjs imported once in a fresh `node`
// process, timed inside that process (median of several), next to the start of an empty Node
// process measured in the same run, so the figure means something on a busy machine. The
// seed's Docker-built zips were 52-72 MB; issue 13 measured 1.70 MB and 450-530 ms before
// source maps left the zips and providers and agents were split per function. The reference
// for the import times is the planner bundled as it was then (one file, every agent and
// provider), built and timed in the same run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { packageLambdas, ZIP_SIZE_TARGET_BYTES } from '../src/entry/aws/package-lambdas.ts';
import { parseJson } from '../src/parse-json.ts';

const RUNS = 5;
const COLD_IMPORT_TARGET_MS = 250;

// Prints how long importing the module named by argv[1] took, in milliseconds: wall time and
// the process's CPU time (user + system, all threads) over the import. On a machine shared
// with other work the wall time includes waiting for a core; the CPU time mostly does not, so
// it is the steadier of the two under load (it also counts V8's background compile threads,
// which a 1-vCPU Lambda runs on the same core).
const TIME_IMPORT =
  'const cpu = process.cpuUsage(); const started = performance.now(); ' +
  'await import(process.argv[1]); const used = process.cpuUsage(cpu); ' +
  'process.stdout.write(JSON.stringify({ wallMs: performance.now() - started, ' +
  'cpuMs: (used.user + used.system) / 1000 }));';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const importTimeSchema = z.object({ wallMs: z.number(), cpuMs: z.number() });
type ImportTime = z.infer<typeof importTimeSchema>;

/** Median wall and CPU time of importing `moduleUrl` in a fresh process, over RUNS processes. */
function coldImport(moduleUrl: string): ImportTime {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', TIME_IMPORT, moduleUrl],
      { encoding: 'utf8', env: { PATH: process.env['PATH'] } },
    );
    const sample = parseJson(output, importTimeSchema, 'cold import timing');
    wall.push(sample.wallMs);
    cpu.push(sample.cpuMs);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

function emptyNodeMs(): number {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** The planner as one file with everything in it, inside the repository so that the
 * packages it leaves external (PGlite, pg, pg-boss) resolve from node_modules. */
async function singleFilePlannerImport(rootDir: string): Promise<ImportTime> {
  const { build } = await import('esbuild');
  mkdirSync(join(rootDir, 'dist'), { recursive: true });
  const outDir = mkdtempSync(join(rootDir, 'dist', 'bench-single-file-'));
  try {
    await build({
      absWorkingDir: rootDir,
      entryPoints: [join(rootDir, 'src', 'entry', 'lambda', 'planner.ts')],
      outfile: join(outDir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      keepNames: true,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __alexCreateRequire } from 'node:module'; const require = __alexCreateRequire(import.meta.url);",
      },
      external: ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'pg', 'pg-boss'],
    });
    return coldImport(pathToFileURL(join(outDir, 'index.mjs')).href);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const rootDir = fileURLToPath(new URL('..', import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), 'alex-bundle-size-'));
  try {
    const startedMs = performance.now();
    const packages = await packageLambdas({ rootDir, outDir });
    const buildMs = Math.round(performance.now() - startedMs);
    const referenceMs = emptyNodeMs();
    const singleFile = await singleFilePlannerImport(rootDir);
    const functions = packages.map((item) => {
      const cold = coldImport(pathToFileURL(join(outDir, item.agent, 'index.mjs')).href);
      return [
        item.agent,
        {
          zip_bytes: item.zipBytes,
          zip_vs_target: Number((item.zipBytes / ZIP_SIZE_TARGET_BYTES).toFixed(2)),
          under_target: item.zipBytes < ZIP_SIZE_TARGET_BYTES,
          javascript_bytes: item.bundleBytes,
          files_in_zip: item.files.length,
          cold_import_ms: Math.round(cold.wallMs),
          cold_import_cpu_ms: Math.round(cold.cpuMs),
          cold_import_vs_empty_node: Number((cold.wallMs / referenceMs).toFixed(2)),
          cold_import_vs_single_file_planner: Number((cold.wallMs / singleFile.wallMs).toFixed(2)),
          cold_import_cpu_vs_single_file_planner: Number(
            (cold.cpuMs / singleFile.cpuMs).toFixed(2),
          ),
          cold_import_met: cold.wallMs < COLD_IMPORT_TARGET_MS,
          cold_import_cpu_met: cold.cpuMs < COLD_IMPORT_TARGET_MS,
        },
      ] as const;
    });
    return {
      target_zip_bytes: ZIP_SIZE_TARGET_BYTES,
      target_cold_import_ms: COLD_IMPORT_TARGET_MS,
      empty_node_process_ms: Math.round(referenceMs),
      single_file_planner_cold_import_ms: Math.round(singleFile.wallMs),
      single_file_planner_cold_import_cpu_ms: Math.round(singleFile.cpuMs),
      load_average_1m: Number(loadavg()[0]?.toFixed(2)),
      build_ms: buildMs,
      all_under_target: packages.every((item) => item.zipBytes < ZIP_SIZE_TARGET_BYTES),
      functions: Object.fromEntries(functions),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
