/** /healthz answers 503 while the database refuses connections, and 200 once it is back. */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { rest } from '../helpers/clients.js';

let server: TestApp;
let admin: pg.Client;
let database: string;
beforeAll(async () => {
  server = await startTestApp();
  database = new URL(server.databaseUrl).pathname.slice(1);
  admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL });
  await admin.connect();
});
afterAll(async () => {
  await admin?.query(`alter database ${database} allow_connections true`);
  await admin?.end();
  await server?.stop();
});

it('reports the database down with a 503, then recovers, without the process failing', async () => {
  expect((await rest(server.url, 'GET', '/healthz')).status).toBe(200);
  await admin.query(`alter database ${database} allow_connections false`);
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
  const down = await rest(server.url, 'GET', '/healthz');
  expect(down.status).toBe(503);
  expect(down.body).toEqual({ status: false, message: 'unavailable', data: { database: 'down', role: 'all' } });
  await admin.query(`alter database ${database} allow_connections true`);
  const deadline = Date.now() + 10_000;
  let status = 0;
  while (Date.now() < deadline && (status = (await rest(server.url, 'GET', '/healthz')).status) !== 200) await new Promise((r) => setTimeout(r, 200));
  expect(status).toBe(200);
});
