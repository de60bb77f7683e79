// Builds the migrated PGlite template a fresh ALEX_DATA_DIR starts from (see
// src/store/pglite-template.ts) and removes the templates of other versions beside it. Run by
// `npm install` (the `prepare` script); safe to run again.
import { buildPgliteTemplate } from '../src/entry/pglite-template-build.ts';

try {
  const path = await buildPgliteTemplate();
  process.stdout.write(`alex: prepared the embedded database template (${path})\n`);
} catch (error) {
  // Not fatal: without a template a new data directory runs initdb and the migrations itself.
  process.stderr.write(
    `alex: could not prepare the embedded database template: ${String(error)}\n`,
  );
}
