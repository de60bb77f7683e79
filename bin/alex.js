#!/usr/bin/env node
/* global process */
// The `alex` command. Node 22.18+ runs TypeScript directly by stripping types, so there is
// no build step between the source and the CLI. `npm install` puts a Node 24 binary (the
// `node` package) first on the PATH of npm scripts and npx; someone running this file with
// an older Node gets one actionable line instead of ERR_UNKNOWN_FILE_EXTENSION.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `alex needs Node.js 22.18 or newer (this is ${process.version}): run it through npm ` +
      '(npm start, npx alex …), which uses the Node 24 that npm install placed in node_modules/.bin, ' +
      'or switch Node with nvm (see .nvmrc)\n',
  );
  process.exit(1);
}
// V8 compiles PGlite's WebAssembly twice: quickly with Liftoff, then again with TurboFan in the
// background, and waits for that at exit. Alex's database work is short, so the second compile
// only costs: --liftoff-only made the warm demo about 1.5x faster and halved its peak memory.
// The flag must be on the command line (NODE_OPTIONS refuses it, v8.setFlagsFromString is too
// late), so the process replaces itself once; execve keeps the pid, so signals, exit codes and
// `kill <pid>` behave as if Node had been started with the flag. It only affects WebAssembly.
if (!process.execArgv.includes('--liftoff-only') && typeof process.execve === 'function') {
  process.execve(process.execPath, [
    process.execPath,
    '--liftoff-only',
    ...process.execArgv,
    ...process.argv.slice(1),
  ]);
}
// Reuse compiled bytecode of our modules between runs (a cache in the OS temp folder).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('../src/entry/cli/main.ts');
