// `npm run package [-- --providers bedrock,openai]`: bundles the six Lambda handlers (five agents,
// and the HTTP API, which gets no provider) into
// dist/lambda/<agent>.zip and prints each zip's size against the 600 KB target; source maps go
// to dist/lambda/<agent>.sourcemaps/. The work is in src/entry/aws/package-lambdas.ts, shared
// with `alex deploy --package`.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { InputError } from '../src/errors.ts';
import {
  formatPackageReport,
  packageLambdas,
  parseProviderList,
} from '../src/entry/aws/package-lambdas.ts';

const { values } = parseArgs({ options: { providers: { type: 'string' } } });
let providers;
try {
  providers = values.providers === undefined ? undefined : parseProviderList(values.providers);
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
const packages = await packageLambdas({
  rootDir: fileURLToPath(new URL('..', import.meta.url)),
  ...(providers === undefined ? {} : { providers }),
});
process.stdout.write(`${formatPackageReport(packages)}\n`);
