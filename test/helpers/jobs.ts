import pg from 'pg';
import { rest } from './clients.js';

/** Schedules a job over REST and returns its id (fails the test on anything but 201). */
export async function scheduleJob(baseUrl: string, apiKey: string, job: { title?: string; webhookUrl: string; fireAt: number }): Promise<string> {
  const res = await rest(baseUrl, 'POST', '/api/v1/jobs', {
    body: { title: job.title ?? 'job', webhookUrl: job.webhookUrl, fireAt: new Date(job.fireAt).toISOString() },
    credentials: { apiKey },
  });
  if (res.status !== 201) throw new Error(`scheduling failed: ${res.status} ${res.raw}`);
  return res.body.data.id;
}

/** Runs `work` with a connection to the database (for reading the rows directly). */
export async function withDatabase<T>(url: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Polls `check` every 100 ms until it is true; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many jobs are in each status. */
export async function statusCounts(db: pg.Client): Promise<Record<string, number>> {
  const { rows } = await db.query('select status, count(*)::int as n from jobs group by status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
