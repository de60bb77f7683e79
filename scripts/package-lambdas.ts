// `npm run package [-- --providers bedrock,openai]`: bundles the five Lambda handlers into
// dist/lambda/<agent>.zip and prints each zip's size against the 600 KB target; source maps go
// to dist/lambda/<agent>.sourcemaps/. The work is in src/entry/aws/package-lambdas.ts, shared
// with `alex deploy --package`.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  formatPackageReport,
  packageLambdas,
  parseProviderList,
} from '../src/entry/aws/package-lambdas.ts';

const { values } = parseArgs({ options: { providers: { type: 'string' } } });
const packages = await packageLambdas({
  rootDir: fileURLToPath(new URL('..', import.meta.url)),
  ...(values.providers === undefined ? {} : { providers: parseProviderList(values.providers) }),
});
process.stdout.write(`${formatPackageReport(packages)}\n`);
