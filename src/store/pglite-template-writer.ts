// Builds the migrated PGlite template of src/store/pglite-template.ts. Separate from it because it
// opens a database: the reader stays a leaf that database.ts can import.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { pgliteTemplatePath } from './pglite-template.ts';

/** Builds the template (initdb + every migration, no data) and writes it atomically. */
export async function writePgliteTemplate(path = pgliteTemplatePath()): Promise<string> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' }, { inMemory: true });
  try {
    await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
    const dump = await (handle.pglite as PGlite).dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    // Written beside, then renamed: a reader never sees half a tarball.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
    return path;
  } finally {
    await handle.close();
  }
}
