// Builds the migrated PGlite template a fresh ALEX_DATA_DIR starts from (see
// src/store/pglite-template.ts). Run by `npm install` (the `prepare` script); safe to run again.
import { writePgliteTemplate } from '../src/store/pglite-template-writer.ts';

try {
  const path = await writePgliteTemplate();
  process.stdout.write(`alex: prepared the embedded database template (${path})\n`);
} catch (error) {
  // Not fatal: without a template a new data directory runs initdb and the migrations itself.
  process.stderr.write(
    `alex: could not prepare the embedded database template: ${String(error)}\n`,
  );
}
