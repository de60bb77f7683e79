// Builds the migrated PGlite template of src/store/pglite-template.ts. Separate from it because it
// opens a database: the reader stays a leaf that database.ts can import. What the template holds
// besides the migrations is the caller's `load` (src/entry/pglite-template-build.ts), since the
// starter notes are ingested by the knowledge module, which the store does not import.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeError } from '../errors.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrate } from './migrate.ts';
import { removeOtherTemplates } from './pglite-template-cache.ts';
import { PG_VERSION_FILE, pgliteTemplatePath } from './pglite-template.ts';

export interface TemplateBuildOptions {
  /** Where the template goes: the path its contents name (pgliteTemplatePath) by default. */
  path?: string;
  /**
   * Once the template is in place, remove the other templates in its folder (default true; see
   * pglite-template-cache.ts for what is and is not removed).
   */
  removeOtherTemplates?: boolean;
}

/**
 * Builds the template (initdb, every migration, then `load`, which fills in what a first start
 * would; no user's data) as a data directory beside its final name, closes it (a clean shutdown,
 * so a copy starts without recovery) and renames it into place: a reader never sees half a
 * template. Then removes the templates of other versions beside it. Returns its path.
 */
export async function writePgliteTemplate(
  load: (handle: DatabaseHandle) => Promise<void>,
  options: TemplateBuildOptions = {},
): Promise<string> {
  const path = options.path ?? pgliteTemplatePath();
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  try {
    const handle = await openDatabase({ kind: 'pglite', dataDir: partial }, { template: false });
    try {
      await migrate(handle.db, { vectorAvailable: handle.vectorAvailable });
      await load(handle);
      await dropTemplateDatabases(handle);
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
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  if (options.removeOtherTemplates !== false) {
    try {
      removeOtherTemplates(path);
    } catch (error) {
      throw new Error(
        `the template is ready at ${path}, but the old ones beside it could not all be removed (${describeError(error)})`,
        { cause: error },
      );
    }
  }
  return path;
}

// initdb also creates template0 and template1, the models CREATE DATABASE copies; an embedded
// Alex database is one database (`postgres`) in one process and never creates another. Without
// them the template has 430 files instead of 1,030, and creating files is what copying it
// costs: on the shared 2-core machine, with other work writing to the disk, 0.2-0.4 s less
// system time on the first start.
async function dropTemplateDatabases(handle: DatabaseHandle): Promise<void> {
  const pglite = handle.pglite;
  if (!pglite) throw new Error('the PGlite template is built on the embedded database');
  for (const name of ['template0', 'template1']) {
    await pglite.exec(`ALTER DATABASE ${name} IS_TEMPLATE false`);
    await pglite.exec(`DROP DATABASE ${name}`);
  }
}
