import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { MODEL_PROVIDERS, type ModelProvider } from '../../config.ts';
import { InputError } from '../../errors.ts';
import { formatTable } from '../cli/output.ts';
import {
  dataFilesPlugin,
  englishOnlyZodPlugin,
  noAiGatewayPlugin,
  notInLambdaPlugin,
  providersPlugin,
} from './lambda-bundle-plugins.ts';
import { LAMBDA_FUNCTIONS, type LambdaFunctionName } from './lambda-functions.ts';
import { createZip, readZip } from './zip.ts';

// `npm run package`: one esbuild bundle per Lambda handler (the five agents' and the HTTP
// API's, lambda-functions.ts), zipped as dist/lambda/<agent>.zip
// with index.mjs (exporting `handler`) at its root, the form Terraform and `alex deploy` upload.
//
// Decisions, measured on 2026-11-24 (Node 24, esbuild 0.28; sizes of the planner):
// - The AWS SDK clients are bundled, not left to the runtime's copy: Lambda does not pin the
//   SDK version it ships, and the clients we use cost about 0.6 MB of a 2.6 MB bundle.
// - PGlite and pg are external: on Lambda the database is Aurora through the Data API, and
//   store/database.ts imports each driver only on its own path. Bundled, PGlite alone was
//   0.5 MB of JavaScript and could not run anyway (its WebAssembly files are not in the zip).
//   Kept external, a bundle run inside this repository (the tests) still finds them in
//   node_modules.
// - pg-boss (with its date libraries about 0.7 MB) is replaced by a module that throws: the
//   functions use ALEX_QUEUE=sqs, and pgboss-queue.ts imports pg-boss statically, so leaving it
//   external would make every function fail at import time.
// - Source maps are written without the sources' text (file:line is enough) and shipped beside
//   the zip, not in it (2026-12-04: they were 53% of each zip); see moveSourceMaps.

/** Every function: the five agents' and the HTTP API's. */
export const LAMBDA_AGENTS: readonly LambdaFunctionName[] = LAMBDA_FUNCTIONS;

/**
 * The size each zip should stay under (issue 13; the seed's Docker-built zips were 52-72 MB,
 * Lambda's own limit is 50 MB): a smaller zip is a faster cold start's download.
 */
export const ZIP_SIZE_TARGET_BYTES = 600_000;

const EXTERNAL_ON_LAMBDA = ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'pg'];

// ESM bundles of CommonJS dependencies call require() for Node built-ins; an ES module has no
// require, so the bundle makes one for itself.
const REQUIRE_BANNER =
  "import { createRequire as __alexCreateRequire } from 'node:module'; const require = __alexCreateRequire(import.meta.url);";

export interface LambdaPackage {
  /** The function: an agent's, or `api`. */
  agent: LambdaFunctionName;
  zipPath: string;
  zipBytes: number;
  /** Size of the JavaScript (index.mjs and its chunks) before compression. */
  bundleBytes: number;
  /** Paths inside the zip. */
  files: string[];
  /** The source maps of index.mjs and its chunks, beside the zip (not in it). */
  sourceMapDir: string;
  /** esbuild's account of what went into the bundle, per output file. */
  metafile: Metafile;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256 once it runs this code. */
  codeSha256: string;
}

export interface PackageOptions {
  /** The repository root (holds src/ and data/). */
  rootDir: string;
  /** Where bundles and zips go; default `<rootDir>/dist/lambda`. */
  outDir?: string;
  agents?: readonly LambdaFunctionName[];
  /**
   * The model providers the zips carry; default Bedrock, the one infra/terraform configures
   * (ALEX_MODEL=bedrock:…). A function configured with a provider left out fails its first
   * model call with a ConfigError saying how to package it.
   */
  providers?: readonly ModelProvider[];
}

/** `--providers bedrock,openai`: known names, at least one. */
export function parseProviderList(text: string): ModelProvider[] {
  const names = text.split(',').map((name) => name.trim());
  const providers = MODEL_PROVIDERS.filter((provider) => names.includes(provider));
  const unknown = names.filter((name) => !MODEL_PROVIDERS.some((provider) => provider === name));
  if (unknown.length > 0 || providers.length === 0)
    throw InputError.field(
      '--providers',
      `must list some of ${MODEL_PROVIDERS.join(', ')}, separated by commas (got "${text}")`,
    );
  return providers;
}

/** Bedrock only: each provider SDK adds 27-85 KB to a zip, all four 230 KB. */
export const DEFAULT_LAMBDA_PROVIDERS: readonly ModelProvider[] = ['bedrock'];

/** Bundle, zip and check each agent's function; returns what was written. */
export async function packageLambdas(options: PackageOptions): Promise<LambdaPackage[]> {
  const rootDir = resolve(options.rootDir);
  const outDir = resolve(options.outDir ?? join(rootDir, 'dist', 'lambda'));
  const agents = options.agents ?? LAMBDA_AGENTS;
  const packages: LambdaPackage[] = [];
  for (const agent of agents) {
    for (const stale of [agent, `${agent}.zip`, sourceMapDirName(agent)])
      rmSync(join(outDir, stale), { recursive: true, force: true });
    packages.push(
      await packageOne(agent, {
        rootDir,
        outDir,
        // The API function calls no model: none of the providers' SDKs goes into its zip.
        providers: agent === 'api' ? [] : (options.providers ?? DEFAULT_LAMBDA_PROVIDERS),
      }),
    );
  }
  return packages;
}

// One esbuild run per function, not one for all five: with code splitting, a run shares chunks
// between its entry points, and a chunk shared with another function would put that
// function's code in this one's zip.
async function packageOne(
  agent: LambdaFunctionName,
  {
    rootDir,
    outDir,
    providers,
  }: { rootDir: string; outDir: string; providers: readonly ModelProvider[] },
): Promise<LambdaPackage> {
  // esbuild is a development dependency: only packaging needs it, never the functions.
  const { build } = await import('esbuild');
  const agentDir = join(outDir, agent);
  const assets = new Map<string, string>();
  const result = await build({
    absWorkingDir: rootDir,
    entryPoints: [{ in: join(rootDir, 'src', 'entry', 'lambda', `${agent}.ts`), out: 'index' }],
    outdir: agentDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // What is reached only through import() (the model providers, the planner's in-process
    // specialists) goes to chunks/ and is loaded when first used, not at every cold start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    // The ES module builds of the AWS SDK (its `module` field; esbuild's default on node is
    // `main`, the CommonJS build): their credential providers import the STS, SSO and sign-in
    // clients with import(), which splitting leaves in chunks that a function using the
    // execution role's environment credentials never loads, and their unused exports are
    // tree-shaken. Measured 2026-12-04: the planner's cold import 184 -> 150 ms of CPU.
    mainFields: ['module', 'main'],
    target: 'node22',
    format: 'esm',
    minify: true,
    treeShaking: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    banner: { js: REQUIRE_BANNER },
    external: EXTERNAL_ON_LAMBDA,
    plugins: [
      notInLambdaPlugin(),
      englishOnlyZodPlugin(),
      noAiGatewayPlugin(),
      providersPlugin(rootDir, providers),
      dataFilesPlugin(rootDir, assets),
    ],
  });
  if (result.warnings.length > 0) {
    const first = result.warnings[0];
    throw new Error(`esbuild warned: ${first?.text ?? ''} (${first?.location?.file ?? ''})`);
  }
  moveSourceMaps(agentDir, join(outDir, sourceMapDirName(agent)));
  return writePackage(agent, { rootDir, outDir, metafile: result.metafile, assets });
}

/** Where a function's source maps go: beside its zip, not in it. */
export function sourceMapDirName(agent: LambdaFunctionName): string {
  return `${agent}.sourcemaps`;
}

// The maps were 53% of each zip. Lambda never reads them unless NODE_OPTIONS has
// --enable-source-maps, and then a missing map is skipped silently; the index.mjs.map comment
// stays, so maps copied beside unpacked code are found again (docs/deploy-aws.md).
function moveSourceMaps(agentDir: string, mapDir: string): void {
  for (const file of listFiles(agentDir).filter((name) => name.endsWith('.map'))) {
    const target = join(mapDir, ...file.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(agentDir, ...file.split('/')), target);
  }
}

function writePackage(
  agent: LambdaFunctionName,
  build: { rootDir: string; outDir: string; metafile: Metafile; assets: Map<string, string> },
): LambdaPackage {
  const agentDir = join(build.outDir, agent);
  const inputs = new Set(
    Object.values(build.metafile.outputs).flatMap((output) =>
      Object.keys(output.inputs).map((path) => resolve(build.rootDir, path)),
    ),
  );
  // Only the data files this function's own code refers to.
  for (const [asset, referencedBy] of build.assets) {
    if (inputs.has(referencedBy))
      cpSync(join(build.rootDir, asset), join(agentDir, asset), {
        recursive: true,
        // A folder's README describes it to people; the code skips it (knowledge/ingest.ts).
        filter: (source) => basename(source).toLowerCase() !== 'readme.md',
      });
  }
  const files = listFiles(agentDir);
  const zip = createZip(
    files.map((name) => ({ name, data: readFileSync(join(agentDir, ...name.split('/'))) })),
  );
  // Read back what Lambda will unpack: a zip without index.mjs at its root fails every invoke
  // with Runtime.ImportModuleError.
  if (!readZip(zip).some((entry) => entry.name === 'index.mjs'))
    throw InputError.field(`${agent}.zip`, 'has no index.mjs at its root');
  const zipPath = join(build.outDir, `${agent}.zip`);
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zip);
  return {
    agent,
    zipPath,
    zipBytes: zip.length,
    bundleBytes: files
      .filter((name) => name.endsWith('.mjs'))
      .reduce((total, name) => total + statSync(join(agentDir, ...name.split('/'))).size, 0),
    files,
    sourceMapDir: join(build.outDir, sourceMapDirName(agent)),
    codeSha256: createHash('sha256').update(zip).digest('base64'),
    metafile: build.metafile,
  };
}

function listFiles(directory: string, prefix = ''): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listFiles(join(directory, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

/** One line per zip: size, the bundle's size before compression, and the target check. */
export function formatPackageReport(packages: readonly LambdaPackage[]): string {
  const rows = packages.map((item) => [
    item.agent,
    relative(process.cwd(), item.zipPath) || item.zipPath,
    formatMegabytes(item.zipBytes),
    formatMegabytes(item.bundleBytes),
    item.zipBytes < ZIP_SIZE_TARGET_BYTES ? 'yes' : 'NO',
  ]);
  return formatTable(['agent', 'zip', 'zip size', 'JavaScript', 'under 600 KB'], rows);
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
