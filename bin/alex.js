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
await import('../src/entry/cli/main.ts');
