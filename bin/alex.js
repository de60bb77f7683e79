#!/usr/bin/env node
// The `alex` command. Node 22.18+ runs TypeScript directly by stripping types,
// so there is no build step between the source and the CLI.
import '../src/entry/cli/main.ts';
