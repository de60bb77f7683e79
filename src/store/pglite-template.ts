// A fresh embedded database costs an initdb and every migration, several seconds and a few
// hundred MB on the first start. Instead, `npm install` (the `prepare` script) builds one migrated
// data directory, with the shipped reference instruments loaded, and keeps it in
// node_modules/.cache; a new ALEX_DATA_DIR starts as a copy of it. The template's name carries a
// hash of the PGlite version, the migrations and the reference instruments, so a template from
// another version is never used: an unknown or missing template only means the slow path
// (initdb, migrate, load the instruments) runs, as before.
//
// The template is a plain directory, copied with the operating system's file copy before PGlite
// opens the new data directory. Until issue 13 it was a gzipped tarball handed to PGlite's
// `loadDataDir`, which unpacks it through WebAssembly's file system one write at a time: about
// 0.8 s of the first start's CPU for 1,000 files (40 MB), against about 0.1 s for the copy.
import { createHash } from 'node:crypto';
import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseJson } from '../parse-json.ts';
import { isLockFile } from './data-directory-lock.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { REFERENCE_INSTRUMENTS_FILE } from './reference/reference-instruments.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'alex');

/** The file whose presence makes a directory a Postgres data directory. */
export const PG_VERSION_FILE = 'PG_VERSION';

/** What a template holds: its name is a hash of these, so a stale one is never found. */
export interface TemplateContents {
  pgliteVersion: string;
  migrations: readonly Migration[];
  /** data/reference-instruments.json, which the template carries loaded (as a first start did). */
  referenceInstruments: string;
}

/** The template directory for this PGlite, these migrations and these reference instruments. */
export function pgliteTemplatePath(contents: TemplateContents = currentContents()): string {
  const hash = createHash('sha256').update(`pglite ${contents.pgliteVersion}\n`);
  for (const migration of contents.migrations) hash.update(`${migration.name}\n${migration.sql}\n`);
  hash.update(`reference instruments\n${contents.referenceInstruments}`);
  return join(CACHE_DIR, `pglite-template-${hash.digest('hex').slice(0, 16)}`);
}

function currentContents(): TemplateContents {
  return {
    pgliteVersion: readPackageVersion('@electric-sql/pglite'),
    migrations: MIGRATIONS,
    referenceInstruments: readFileSync(REFERENCE_INSTRUMENTS_FILE, 'utf8'),
  };
}

/**
 * Fills the new data directory `dataDir` (empty but for the lock) with a copy of the prepared
 * template, when `npm install` made one for this version; returns whether it did. PG_VERSION,
 * which marks a directory as a database, is copied last, so an interrupted copy is never taken
 * for one; a copy that fails is removed again and the error thrown.
 */
export function copyPgliteTemplate(dataDir: string, template = pgliteTemplatePath()): boolean {
  if (!existsSync(join(template, PG_VERSION_FILE))) return false;
  try {
    copyTree(template, dataDir, (name) => name !== PG_VERSION_FILE);
    copyFile(join(template, PG_VERSION_FILE), join(dataDir, PG_VERSION_FILE));
  } catch (error) {
    for (const name of readdirSync(dataDir))
      if (!isLockFile(name)) rmSync(join(dataDir, name), { recursive: true, force: true });
    throw error;
  }
  return true;
}

// Not fs.cpSync: Node 24's native cpSync aborted the whole process (an uncaught C++
// filesystem_error) when a target path existed as a file, where this throws an error we handle.
function copyTree(from: string, to: string, include: (name: string) => boolean = () => true) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (!include(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else copyFile(source, target);
  }
}

// A clone where the file system shares blocks (btrfs, XFS, APFS), a plain copy elsewhere; never
// over an existing file, which a new data directory does not have.
function copyFile(source: string, target: string): void {
  copyFileSync(source, target, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
}

function readPackageVersion(name: string): string {
  const manifest = parseJson(
    readFileSync(join(PACKAGE_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    z.object({ version: z.string() }),
    `${name}/package.json`,
  );
  return manifest.version;
}
