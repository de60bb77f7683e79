// A fresh embedded database costs an initdb and every migration, several seconds and a few
// hundred MB on the first start. Instead, `npm install` (the `prepare` script) builds one migrated
// data directory and keeps it as a tarball in node_modules/.cache; a new ALEX_DATA_DIR starts
// from that copy. The tarball's name carries a hash of the PGlite version and of the migrations,
// so a template from another version is never used: an unknown or missing template only means
// the slow path (initdb, then migrate) runs, as before.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseJson } from '../parse-json.ts';
import { MIGRATIONS } from './migrations/index.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'alex');

/** The template file for this PGlite and this list of migrations. */
export function pgliteTemplatePath(): string {
  const pgliteVersion = readPackageVersion('@electric-sql/pglite');
  const hash = createHash('sha256').update(`pglite ${pgliteVersion}\n`);
  for (const migration of MIGRATIONS) hash.update(`${migration.name}\n${migration.sql}\n`);
  return join(CACHE_DIR, `pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The prepared template, when `npm install` made one for this version; otherwise undefined. */
export function readPgliteTemplate(): Blob | undefined {
  const path = pgliteTemplatePath();
  if (!existsSync(path)) return undefined;
  return new Blob([readFileSync(path)]);
}

function readPackageVersion(name: string): string {
  const manifest = parseJson(
    readFileSync(join(PACKAGE_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    z.object({ version: z.string() }),
    `${name}/package.json`,
  );
  return manifest.version;
}
