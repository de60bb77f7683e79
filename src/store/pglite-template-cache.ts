// Each new template (a new PGlite, migration, reference instrument or starter note) gets a new
// name in node_modules/.cache/alex, and nothing else ever removed the old ones: about 40 MB each.
// So a build that has put the current template in place removes the other templates beside it.
//
// Only directories named as the builder names them are touched: a template
// (`pglite-template-<16 hex digits>`), an unfinished build (`<template>.<pid>.partial`) and one
// being removed (`<template>.<pid>.removing`). Anything else in the folder, and anything that is
// not a plain directory (a file or a link with such a name), is left alone.
//
// Other processes may be at work in the same folder:
// - a builder writes `<template>.<its pid>.partial` and renames it into place when done: a
//   partial whose process is alive is kept; one whose process is gone (killed mid-build) is
//   removed;
// - a first start copies a template: a stale template is first renamed out of the way (one
//   atomic step, so nobody starts copying a template that is half deleted), then deleted; a copy
//   already under way then fails, which copyPgliteTemplate treats as "no template" and falls
//   back to the slow path;
// - two builders may clean up at once: whatever the other one renamed or removed first is
//   simply gone (ENOENT) and skipped.
import { lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TEMPLATE_NAME } from './pglite-template.ts';

const WORK_NAME = /^(pglite-template-[0-9a-f]{16})\.(\d+)\.(partial|removing)$/;

/**
 * Remove every template, dead build and unfinished removal beside `current` (the template just
 * put in place), keeping `current` and what live builders are writing. Returns the names removed.
 */
export function removeOtherTemplates(current: string): string[] {
  const folder = dirname(current);
  const keep = basename(current);
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    if (name === keep || !isPlainDirectory(join(folder, name))) continue;
    if (TEMPLATE_NAME.test(name)) {
      const removing = join(folder, `${name}.${process.pid}.removing`);
      if (!renameIfPresent(join(folder, name), removing)) continue;
      rmSync(removing, { recursive: true, force: true });
      removed.push(name);
      continue;
    }
    const work = WORK_NAME.exec(name);
    if (!work || processIsAlive(Number(work[2]))) continue;
    rmSync(join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isPlainDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Rename `from` to `to`; false when `from` is already gone (another cleanup took it). */
function renameIfPresent(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

// Signal 0 only asks whether the process exists. EPERM: it exists but is another user's. A pid
// reused by an unrelated process keeps a dead build's partial until that process ends: the safe
// mistake.
function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
