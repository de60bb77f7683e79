import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';
import { AGENT_NAMES, type AgentName } from '../../contracts/jobs.ts';
import { InputError } from '../../errors.ts';
import { formatTable } from '../cli/output.ts';
import { createZip, readZip } from './zip.ts';

// `npm run package`: one esbuild bundle per Lambda handler, zipped as dist/lambda/<agent>.zip
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
// - Source maps are linked (index.mjs.map beside index.mjs) without the sources' text, which
//   is enough for file:line stack traces when the function runs with
//   NODE_OPTIONS=--enable-source-maps, at a fraction of the size.

export const LAMBDA_AGENTS: readonly AgentName[] = AGENT_NAMES;

/** The size each zip should stay under (the seed's Docker-built zips were 52-72 MB). */
export const ZIP_SIZE_TARGET_BYTES = 5_000_000;

const EXTERNAL_ON_LAMBDA = ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'pg'];
const NOT_IN_LAMBDA = /^pg-boss$/;

// ESM bundles of CommonJS dependencies call require() for Node built-ins; an ES module has no
// require, so the bundle makes one for itself.
const REQUIRE_BANNER =
  "import { createRequire as __alexCreateRequire } from 'node:module'; const require = __alexCreateRequire(import.meta.url);";

export interface LambdaPackage {
  agent: AgentName;
  zipPath: string;
  zipBytes: number;
  /** Size of index.mjs before compression. */
  bundleBytes: number;
  /** Paths inside the zip. */
  files: string[];
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256 once it runs this code. */
  codeSha256: string;
}

export interface PackageOptions {
  /** The repository root (holds src/ and data/). */
  rootDir: string;
  /** Where bundles and zips go; default `<rootDir>/dist/lambda`. */
  outDir?: string;
  agents?: readonly AgentName[];
}

/** Bundle, zip and check each agent's function; returns what was written. */
export async function packageLambdas(options: PackageOptions): Promise<LambdaPackage[]> {
  const rootDir = resolve(options.rootDir);
  const outDir = resolve(options.outDir ?? join(rootDir, 'dist', 'lambda'));
  const agents = options.agents ?? LAMBDA_AGENTS;
  // esbuild is a development dependency: only packaging needs it, never the functions.
  const { build } = await import('esbuild');
  for (const agent of agents) {
    rmSync(join(outDir, agent), { recursive: true, force: true });
    rmSync(join(outDir, `${agent}.zip`), { force: true });
  }
  const assets = new Map<string, string>();
  const result = await build({
    absWorkingDir: rootDir,
    entryPoints: agents.map((agent) => ({
      in: join(rootDir, 'src', 'entry', 'lambda', `${agent}.ts`),
      out: `${agent}/index`,
    })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
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
    plugins: [notInLambdaPlugin(), dataFilesPlugin(rootDir, assets)],
  });
  if (result.warnings.length > 0) {
    const first = result.warnings[0];
    throw new Error(`esbuild warned: ${first?.text ?? ''} (${first?.location?.file ?? ''})`);
  }
  return agents.map((agent) =>
    writePackage(agent, { rootDir, outDir, metafile: result.metafile, assets }),
  );
}

function writePackage(
  agent: AgentName,
  build: { rootDir: string; outDir: string; metafile: Metafile; assets: Map<string, string> },
): LambdaPackage {
  const agentDir = join(build.outDir, agent);
  const output = Object.entries(build.metafile.outputs).find(
    ([path]) => resolve(build.rootDir, path) === join(agentDir, 'index.mjs'),
  );
  const inputs = new Set(
    Object.keys(output?.[1].inputs ?? {}).map((path) => resolve(build.rootDir, path)),
  );
  // Only the data files this function's own code refers to.
  for (const [asset, referencedBy] of build.assets) {
    if (inputs.has(referencedBy))
      cpSync(join(build.rootDir, asset), join(agentDir, asset), { recursive: true });
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
    bundleBytes: statSync(join(agentDir, 'index.mjs')).size,
    files,
    codeSha256: createHash('sha256').update(zip).digest('base64'),
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

/** Modules the functions never load, replaced by one that says so if it ever is. */
function notInLambdaPlugin(): Plugin {
  return {
    name: 'alex-not-in-lambda',
    setup(build) {
      build.onResolve({ filter: NOT_IN_LAMBDA }, (args) => ({
        path: args.path,
        namespace: 'not-in-lambda',
      }));
      build.onLoad({ filter: /.*/, namespace: 'not-in-lambda' }, (args) => ({
        // `module.exports` makes it CommonJS to esbuild, whose named imports are then looked up
        // when the module runs (and it throws first) instead of being rejected at build time.
        contents: `module.exports = {}; throw new Error(${JSON.stringify(`${args.path} is not in the Lambda bundle: on AWS the queue is SQS (ALEX_QUEUE=sqs)`)});`,
        loader: 'js',
      }));
    },
  };
}

const FILE_URL = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*,?\s*\)/g;

/**
 * Our modules find shipped files as `new URL('../../../data/…', import.meta.url)`, relative to
 * their place in src/. In a bundle import.meta.url is index.mjs at the zip's root, so each such
 * URL is rewritten relative to the repository root (`./data/…`) and the file or folder is
 * recorded, to be copied into the package at that path.
 */
function dataFilesPlugin(rootDir: string, assets: Map<string, string>): Plugin {
  const sourceDir = join(rootDir, 'src') + sep;
  return {
    name: 'alex-data-files',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(sourceDir)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const contents = source.replace(FILE_URL, (_match, _quote, url: string) => {
          const fromRoot = relative(rootDir, resolve(dirname(args.path), url))
            .split(sep)
            .join('/');
          if (fromRoot.startsWith('..'))
            throw InputError.field(args.path, `refers to ${url}, outside the repository`);
          if (fromRoot === '') return 'new URL("./", import.meta.url)';
          assets.set(fromRoot, args.path);
          return `new URL(${JSON.stringify(`./${fromRoot}${url.endsWith('/') ? '/' : ''}`)}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
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
  return formatTable(['agent', 'zip', 'zip size', 'index.mjs', 'under 5 MB'], rows);
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
