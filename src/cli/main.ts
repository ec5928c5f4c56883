#!/usr/bin/env node
import { terminalOutput } from './output.js';
import { run } from './run.js';

// Ctrl-C ends a running command cleanly (tail stops listening and exits 0).
const interrupted = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
process.exitCode = await run(process.argv.slice(2), terminalOutput(), process.env, interrupted);
