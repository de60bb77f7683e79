// `npm run package`: bundles the five Lambda handlers into dist/lambda/<agent>.zip and prints
// each zip's size against the 5 MB target. The work is in src/entry/aws/package-lambdas.ts,
// shared with `alex deploy --package`.
import { fileURLToPath } from 'node:url';
import { formatPackageReport, packageLambdas } from '../src/entry/aws/package-lambdas.ts';

const packages = await packageLambdas({ rootDir: fileURLToPath(new URL('..', import.meta.url)) });
process.stdout.write(`${formatPackageReport(packages)}\n`);
