import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConflictError } from '../errors.ts';

// PGlite is one Postgres inside one process, with no postmaster to keep a second process out
// of its data directory: two processes writing the same files corrupt them for good. So every
// process that opens an embedded data directory first holds this lock file, which names it.
//
// The lock is created atomically with its content (written to a private draft, then hard-linked
// to the lock name, which fails when the name exists), so nobody ever reads a half-written lock.
// A lock whose process is dead (a crash, SIGKILL) is taken over; two processes taking over the
// same stale lock at once could each delete the other's new lock, so takeovers are serialised
// by a second, short-lived guard file, and the stale lock is deleted only if it is still the
// very one that was judged stale.

export const LOCK_FILE_NAME = 'alex.lock';

/** Files of the lock itself, which do not make a data directory "not empty". */
export function isLockFile(name: string): boolean {
  return name === LOCK_FILE_NAME || name.startsWith(`${LOCK_FILE_NAME}.`);
}

export interface DataDirectoryLock {
  /** Remove the lock (only if it is still this process's); safe to call more than once. */
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  /** The whole file, compared before a stale lock is deleted. */
  content: string;
}

// Lock files this process holds, so a second open in the same process is refused rather than
// mistaken for a stale lock left by an earlier process that had the same pid.
const heldHere = new Set<string>();

// Each attempt either takes the lock, finds a live holder, or removes a stale lock; a third
// round only happens when other processes keep taking and dropping the lock in between.
const MAX_ATTEMPTS = 3;

/** Take the exclusive lock of an embedded data directory, creating the directory if needed. */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError('ALEX_DATA_DIR', `${dataDir} cannot be used as a directory`, {
      cause: error,
    });
  }
  const lockPath = join(dataDir, LOCK_FILE_NAME);
  const token = randomUUID();
  const draftPath = `${lockPath}.${process.pid}.${token}`;
  writeFileSync(draftPath, `${process.pid}\n${hostname()}\n${token}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (linkIfAbsent(draftPath, lockPath)) return holdLock(lockPath, token);
      const holder = readHolder(lockPath);
      if (!holder) continue;
      if (isAlive(holder, lockPath)) throw inUse(holder, dataDir);
      removeStaleLock(lockPath, holder, dataDir);
    }
    throw new ConflictError(`${dataDir} is being locked and unlocked by other processes: retry`);
  } finally {
    unlinkSync(draftPath);
  }
}

function holdLock(lockPath: string, token: string): DataDirectoryLock {
  heldHere.add(lockPath);
  const release = () => {
    process.off('exit', release);
    if (!heldHere.delete(lockPath)) return;
    if (readHolder(lockPath)?.content.endsWith(`\n${token}\n`)) unlinkSync(lockPath);
  };
  // A process that ends without closing the database (process.exit, an uncaught error) still
  // removes its lock; only a killed process leaves one behind, and that one is taken over.
  process.on('exit', release);
  return { release };
}

function linkIfAbsent(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

function readHolder(lockPath: string): Holder | undefined {
  let content: string;
  try {
    content = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const [pidText = '', host = ''] = content.split('\n');
  return { pid: /^\d+$/.test(pidText) ? Number(pidText) : 0, host, content };
}

function isAlive(holder: Holder, lockPath: string): boolean {
  // A process on another machine (a shared file system) cannot be probed: assume it is alive.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(lockPath);
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

function removeStaleLock(lockPath: string, stale: Holder, dataDir: string): void {
  const guardPath = `${lockPath}.takeover`;
  let guard: number;
  try {
    guard = openSync(guardPath, 'wx');
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    throw new ConflictError(
      `another Alex process is taking over the stale lock of ${dataDir}; ` +
        `if no Alex process is starting, remove ${guardPath}`,
    );
  }
  try {
    if (readHolder(lockPath)?.content === stale.content) unlinkSync(lockPath);
  } finally {
    closeSync(guard);
    unlinkSync(guardPath);
  }
}

function inUse(holder: Holder, dataDir: string): ConflictError {
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return new ConflictError(
    `another Alex process (pid ${holder.pid}${where}) is using ${dataDir}: stop it first, ` +
      'or use PostgreSQL (DATABASE_URL) to run several processes',
  );
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}
