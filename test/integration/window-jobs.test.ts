/**
 * Two instances ensuring the same windows at the same moment store one Agenda job per
 * window, and each window is claimed once. On MongoDB this rests on the window job's `_id`
 * (the one unique index every server enforces, the emulator too), not on a unique index of
 * our own, which the emulator would not enforce.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeploymentId } from '../../src/db/deployment.js';
import { migrate } from '../../src/db/migrate.js';
import { ormConfig } from '../../src/db/mikro-orm.config.js';
import { createLogger } from '../../src/logger.js';
import { AgendaDriver, CLAIM_LEAD_MS, WINDOW_MS, windowStart } from '../../src/scheduler/agenda-driver.js';
import { AGENDA_BACKENDS, openAgendaStore, type AgendaStoreUnderTest } from '../helpers/agenda-backends.js';
import { createTestDatabase } from '../helpers/database.js';
import { until } from '../helpers/jobs.js';

describe.each(AGENDA_BACKENDS)('window jobs with Agenda on %s', (backend) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: AgendaStoreUnderTest;
  let deploymentId: string;
  const drivers: AgendaDriver[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    store = await openAgendaStore(backend);
    const orm = await MikroORM.init(ormConfig(database.url, 2));
    try {
      await migrate(orm);
      deploymentId = await readDeploymentId(orm.em.fork());
    } finally {
      await orm.close();
    }
  });
  afterAll(async () => {
    await Promise.all(drivers.map((driver) => driver.stop()));
    await store?.dispose();
    await database?.dispose();
  });

  it('two instances racing to ensure the same windows: one job per window, each claimed once', async () => {
    const claims: Array<{ window: number; instance: number }> = [];
    for (const instance of [0, 1]) {
      const driver = new AgendaDriver({
        databaseUrl: database.url, mongodbUrl: store.env.MONGODB_URL, deploymentId, runJobs: true, lockLifetimeMs: 60_000, log: createLogger('silent'),
      });
      await driver.start(async (window) => void claims.push({ window, instance }));
      drivers.push(driver);
    }
    // Far enough ahead that every window job is stored before the first is due.
    const first = windowStart(Date.now() + CLAIM_LEAD_MS + 3_000);
    const windows = Array.from({ length: 5 }, (_, k) => first + k * WINDOW_MS);
    // Each instance ensures every window three times over, all at once.
    await Promise.all(drivers.flatMap((driver) => [1, 2, 3].flatMap(() => windows.map((window) => driver.ensureWindow(new Date(window))))));
    for (const window of windows) expect(await store.windowJobs(database.url, window)).toBe(1);

    await until('every window claimed', () => new Set(claims.map((c) => c.window)).size === windows.length, 30_000);
    // Agenda polls every second: a second job for a window would have run by now.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(claims.map((c) => c.window).sort()).toEqual(windows);
  }, 60_000);
});
