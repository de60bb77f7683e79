// Builds the migrated PGlite template of src/store/pglite-template.ts. Separate from it because it
// opens a database: the reader stays a leaf that database.ts can import.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { PG_VERSION_FILE, pgliteTemplatePath } from './pglite-template.ts';

/**
 * Builds the template (initdb + every migration, no data) as a data directory beside its final
 * name, closes it (a clean shutdown, so a copy starts without recovery) and renames it into
 * place: a reader never sees half a template. Returns its path.
 */
export async function writePgliteTemplate(path = pgliteTemplatePath()): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  try {
    const handle = await openDatabase({ kind: 'pglite', dataDir: partial }, { template: false });
    try {
      await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
    } finally {
      // Also removes the data directory's lock file, which a copy must not carry.
      await handle.close();
    }
    // Another `npm run prepare` may have finished first with the same template (the name is
    // its content's hash); a process may be copying it, so it is kept.
    if (!existsSync(join(path, PG_VERSION_FILE))) {
      rmSync(path, { recursive: true, force: true });
      renameSync(partial, path);
    }
    return path;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
