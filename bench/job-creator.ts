import { Pool } from 'undici';

export interface JobSpec {
  title: string;
  webhookUrl: string;
  /** Epoch ms. */
  fireAt: number;
}

export interface CreatedJobs {
  /** Job id → its fireAt (epoch ms), for every job the service accepted. */
  fireAtById: Map<string, number>;
  /** The first few refusals, and how many there were in all. */
  failures: string[];
  failed: number;
  /** When the last answer came (epoch ms) and the rate achieved. */
  finishedAt: number;
  perSecond: number;
}

/**
 * Schedules jobs through `POST /api/v1/jobs` with `concurrency` callers (the documented
 * path, arming included). Stops sending at `deadline` (epoch ms): what was not sent by
 * then counts as failed.
 */
export async function createJobs(baseUrl: string, apiKey: string, specs: JobSpec[], opts: { concurrency: number; deadline: number }): Promise<CreatedJobs> {
  const pool = new Pool(baseUrl, { connections: opts.concurrency, pipelining: 1 });
  const fireAtById = new Map<string, number>();
  const failures: string[] = [];
  let failed = 0;
  let next = 0;
  const started = Date.now();
  const fail = (why: string) => {
    failed++;
    if (failures.length < 5) failures.push(why);
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, async () => {
      while (next < specs.length) {
        const spec = specs[next++];
        const left = opts.deadline - Date.now();
        if (left <= 0) {
          fail('not sent before the phase deadline');
          continue;
        }
        try {
          const res = await pool.request({
            method: 'POST',
            path: '/api/v1/jobs',
            headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
            body: JSON.stringify({ title: spec.title, webhookUrl: spec.webhookUrl, fireAt: new Date(spec.fireAt).toISOString(), payload: { fireAt: spec.fireAt } }),
            headersTimeout: left,
            bodyTimeout: left,
          });
          const body = (await res.body.json()) as { message?: string; data?: { id: string } };
          if (res.statusCode === 201 && body.data) fireAtById.set(body.data.id, spec.fireAt);
          else fail(`${res.statusCode} ${body.message}`);
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error));
        }
      }
    }));
  } finally {
    await pool.close();
  }
  const finishedAt = Date.now();
  return { fireAtById, failures, failed, finishedAt, perSecond: fireAtById.size / Math.max(0.001, (finishedAt - started) / 1000) };
}
