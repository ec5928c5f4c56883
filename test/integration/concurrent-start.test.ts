/** Instances starting at the same moment on a fresh database: migrations and Agenda's tables are created once, in turn. */
import { expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { rest } from '../helpers/clients.js';

it('six instances started together on an empty database all come up', async () => {
  const database = await createTestDatabase();
  try {
    const apps = await Promise.all(Array.from({ length: 6 }, () => startTestApp({}, { databaseUrl: database.url })));
    for (const app of apps) expect((await rest(app.url, 'GET', '/healthz')).status).toBe(200);
    await Promise.all(apps.map((app) => app.stop()));
  } finally {
    await database.dispose();
  }
}, 60_000);
