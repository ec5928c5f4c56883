/**
 * Run as a process by embedded-start.test.ts: starts an embedded PostgreSQL in
 * EMBEDDED_DIR and prints its postmaster pid; then, with END=exit, calls process.exit(3)
 * without stopping the server, and with END=natural stops it, sets process.exitCode = 3
 * and lets the process end by itself (as a test runner does).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

const dir = process.env.EMBEDDED_DIR!;
const database = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
console.log(`postmaster ${readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]}`);
if (process.env.END === 'exit') process.exit(3);
await database.stop();
process.exitCode = 3;
