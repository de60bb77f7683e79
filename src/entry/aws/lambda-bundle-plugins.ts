// The esbuild plugins of the Lambda packager (package-lambdas.ts): what each function's bundle
// leaves out or replaces, and how the data files the code reads travel with it.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import type { ModelProvider } from '../../config.ts';
import { InputError } from '../../errors.ts';

// Why each is never loaded on Lambda; it becomes the error if it ever is.
const NOT_IN_LAMBDA: Record<string, string> = {
  'pg-boss': 'on AWS the queue is SQS (ALEX_QUEUE=sqs)',
  // The AWS SDK's browser user-agent parser (8 KB zipped), imported only in a browser.
  bowser: 'the AWS SDK loads it only in a browser',
};
const NOT_IN_LAMBDA_FILTER = new RegExp(`^(${Object.keys(NOT_IN_LAMBDA).join('|')})$`);

/** Modules the functions never load, replaced by one that says so if it ever is. */
export function notInLambdaPlugin(): Plugin {
  return {
    name: 'alex-not-in-lambda',
    setup(build) {
      build.onResolve({ filter: NOT_IN_LAMBDA_FILTER }, (args) => ({
        path: args.path,
        namespace: 'not-in-lambda',
      }));
      build.onLoad({ filter: /.*/, namespace: 'not-in-lambda' }, (args) => ({
        // `module.exports` makes it CommonJS to esbuild, whose named imports are then looked up
        // when the module runs (and it throws first) instead of being rejected at build time.
        contents: `module.exports = {}; throw new Error(${JSON.stringify(`${args.path} is not in the Lambda bundle: ${NOT_IN_LAMBDA[args.path] ?? ''}`)});`,
        loader: 'js',
      }));
    },
  };
}

// The `ai` package imports the Vercel AI Gateway (with its OIDC client, 35 KB zipped) for
// model names given as bare strings. Alex always passes model objects from its registry, so
// the functions get a stand-in with the same five exports: no error is ever a gateway error,
// and using the gateway says why it is missing. An `ai` release importing another name fails
// the build ("No matching export"), not a function at run time.
const AI_GATEWAY_STAND_IN = `
const reason = 'the Vercel AI Gateway is not in the Lambda bundle: name models as "provider:model" (ALEX_MODEL)';
export class GatewayError extends Error { static isInstance() { return false; } }
export class GatewayAuthenticationError extends GatewayError { static isInstance() { return false; } }
export const gateway = new Proxy({}, { get() { throw new Error(reason); } });
export function createGateway() { throw new Error(reason); }
`;

export function noAiGatewayPlugin(): Plugin {
  return {
    name: 'alex-no-ai-gateway',
    setup(build) {
      build.onResolve({ filter: /^@ai-sdk\/gateway$/ }, (args) => ({
        path: args.path,
        namespace: 'no-ai-gateway',
      }));
      build.onLoad({ filter: /.*/, namespace: 'no-ai-gateway' }, () => ({
        contents: AI_GATEWAY_STAND_IN,
        loader: 'js',
      }));
    },
  };
}

// zod's `z` namespace (and `core`'s, and zod/mini's) re-exports `locales`, every translation of its error messages (about
// 250 KB minified), so no bundler can drop them while `z` is used. Alex's messages are English
// (the default zod configures itself with), so only `en` is kept.
const ZOD_LOCALES = /^\.\.\/locales\/index\.js$/;

export function englishOnlyZodPlugin(): Plugin {
  return {
    name: 'alex-zod-english-only',
    setup(build) {
      build.onResolve({ filter: ZOD_LOCALES }, (args) =>
        /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
          ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(args.path)};`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}

const PROVIDER_MODULE = /^\.\/(bedrock|openai|anthropic|openai-compatible)\.ts$/;

/**
 * load-provider.ts imports each provider with import(); a provider not packaged is replaced
 * by a module that throws a ConfigError when imported, which is when a model of that provider
 * is first called.
 */
export function providersPlugin(rootDir: string, providers: readonly ModelProvider[]): Plugin {
  const loader = join(rootDir, 'src', 'llm', 'providers', 'load-provider.ts');
  const errorsModule = join(rootDir, 'src', 'errors.ts');
  return {
    name: 'alex-packaged-providers',
    setup(build) {
      build.onResolve({ filter: PROVIDER_MODULE }, (args) => {
        const provider = PROVIDER_MODULE.exec(args.path)?.[1];
        if (args.importer !== loader || providers.some((name) => name === provider))
          return undefined;
        return { path: args.path, namespace: 'provider-not-packaged', pluginData: provider };
      });
      build.onLoad({ filter: /.*/, namespace: 'provider-not-packaged' }, (args) => {
        const provider = String(args.pluginData);
        const rule = `the ${provider} provider is not in this Lambda bundle; package it with \`npm run package -- --providers ${provider}\` (a comma-separated list)`;
        return {
          contents: `import { ConfigError } from ${JSON.stringify(errorsModule)};\nthrow new ConfigError('ALEX_MODEL', ${JSON.stringify(rule)});\nexport {};`,
          loader: 'js',
          resolveDir: rootDir,
        };
      });
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
export function dataFilesPlugin(rootDir: string, assets: Map<string, string>): Plugin {
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
