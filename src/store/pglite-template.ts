// A fresh embedded database costs an initdb and every migration, several seconds and a few
// hundred MB on the first start. Instead, `npm install` (the `prepare` script) builds one migrated
// data directory, with the shipped reference instruments and the starter knowledge notes loaded,
// and keeps it in node_modules/.cache; a new ALEX_DATA_DIR starts as a copy of it. The template's
// name carries a hash of the PGlite version, the migrations, the reference instruments, the
// starter notes and the code that turns a note into rows, so a template from another version is
// never used: an unknown or missing template only means the slow path (initdb, migrate, load the
// instruments and the notes) runs, as before.
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
import { join, relative, sep } from 'node:path';
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

/** A template's name: this prefix and 16 hex digits of its contents' hash. */
export const TEMPLATE_NAME = /^pglite-template-[0-9a-f]{16}$/;

/**
 * The starter knowledge notes, which src/knowledge/starter-corpus.ts ingests from the same
 * folder (named here because the store may not import the knowledge module; a test checks the
 * two agree).
 */
export const STARTER_NOTES_DIRECTORY = join(PACKAGE_ROOT, 'data', 'knowledge');

/**
 * The code that decides which rows a starter note becomes (which files are read, their origins,
 * the parsing and chunking, how a document is stored). A change to it changes what a first
 * start would store, so it is part of the template's name like the notes themselves; a test
 * checks that every knowledge module the ingest imports is listed.
 */
export const STARTER_NOTES_CODE = [
  'src/knowledge/starter-corpus.ts',
  'src/knowledge/ingest.ts',
  'src/knowledge/document.ts',
  'src/knowledge/chunk.ts',
  'src/knowledge/front-matter.ts',
  'src/store/repositories/knowledge-repository.ts',
] as const;

/** A file a template depends on, by its path relative to the package, and its bytes. */
export interface TemplateInput {
  path: string;
  content: Buffer | string;
}

/** What a template holds: its name is a hash of these, so a stale one is never found. */
export interface TemplateContents {
  pgliteVersion: string;
  migrations: readonly Migration[];
  /** data/reference-instruments.json, which the template carries loaded (as a first start did). */
  referenceInstruments: string;
  /**
   * Every file under data/knowledge and the code of STARTER_NOTES_CODE: the template carries the
   * notes ingested, as a first start did.
   */
  starterNotes: readonly TemplateInput[];
}

/** The template directory for this PGlite, these migrations, instruments and starter notes. */
export function pgliteTemplatePath(contents: TemplateContents = currentContents()): string {
  const hash = createHash('sha256').update(`pglite ${contents.pgliteVersion}\n`);
  for (const migration of contents.migrations) hash.update(`${migration.name}\n${migration.sql}\n`);
  hash.update(`reference instruments\n${contents.referenceInstruments}`);
  // Each file's length goes before its bytes, so no two different lists hash alike.
  hash.update('\nstarter notes\n');
  for (const input of contents.starterNotes) {
    hash.update(`${input.path}\n${Buffer.byteLength(input.content)}\n`).update(input.content);
  }
  return join(CACHE_DIR, `pglite-template-${hash.digest('hex').slice(0, 16)}`);
}

function currentContents(): TemplateContents {
  return {
    pgliteVersion: readPackageVersion('@electric-sql/pglite'),
    migrations: MIGRATIONS,
    referenceInstruments: readFileSync(REFERENCE_INSTRUMENTS_FILE, 'utf8'),
    starterNotes: [
      ...filesUnder(STARTER_NOTES_DIRECTORY),
      ...STARTER_NOTES_CODE.map((path) => ({
        path,
        content: readFileSync(join(PACKAGE_ROOT, path)),
      })),
    ],
  };
}

// Every file, not only the ones the ingest reads (it skips the folder's README and hidden files):
// a file too many only rebuilds the template, a file too few would serve a stale one. A missing
// folder is no files: the template then carries no notes, and a first start says why itself.
function filesUnder(directory: string): TemplateInput[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((file) => ({
      path: relative(PACKAGE_ROOT, file).split(sep).join('/'),
      content: readFileSync(file),
    }));
}

/**
 * Fills the new data directory `dataDir` (empty but for the lock) with a copy of the prepared
 * template, when `npm install` made one for this version; returns whether it did. PG_VERSION,
 * which marks a directory as a database, is copied last, so an interrupted copy is never taken
 * for one; a copy that fails is removed again and the error thrown. A template removed while it
 * was being copied (a build of a newer template clears out the others: pglite-template-cache.ts)
 * is no error: the copy is removed and the slow path runs, as without a template.
 */
export function copyPgliteTemplate(dataDir: string, template = pgliteTemplatePath()): boolean {
  if (!existsSync(join(template, PG_VERSION_FILE))) return false;
  try {
    copyTree(template, dataDir, (name) => name !== PG_VERSION_FILE);
    copyFile(join(template, PG_VERSION_FILE), join(dataDir, PG_VERSION_FILE));
  } catch (error) {
    for (const name of readdirSync(dataDir))
      if (!isLockFile(name)) rmSync(join(dataDir, name), { recursive: true, force: true });
    if (!existsSync(join(template, PG_VERSION_FILE))) return false;
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
