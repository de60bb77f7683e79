// A process that takes the embedded data-directory lock of argv[2], prints "locked" or
// "busy: <reason>", and, when locked, holds the lock until its stdin closes. The lock tests
// start several at once to race them for one stale lock.
import { lockDataDirectory } from '../../src/store/data-directory-lock.ts';

const dataDir = process.argv[2] ?? '';
try {
  const lock = lockDataDirectory(dataDir);
  process.stdout.write('locked\n');
  process.stdin.resume();
  process.stdin.once('end', () => lock.release());
} catch (error) {
  process.stdout.write(`busy: ${error instanceof Error ? error.message : String(error)}\n`);
}
