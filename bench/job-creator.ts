import { Pool } from 'undici';

export interface JobSpec {
  title: string;
  webhookUrl: string;
  /** Epoch ms. */
  fireAt: number;
}

/** What `postAll` achieved: the id of each created resource (null where refused), and how fast. */
export interface Posted {
  ids: Array<string | null>;
  /** The first few refusals, and how many there were in all. */
  failures: string[];
  failed: number;
  /** When the last answer came (epoch ms) and the rate achieved. */
  finishedAt: number;
  perSecond: number;
}

export interface CreatedJobs extends Omit<Posted, 'ids'> {
  /** Job id → its fireAt (epoch ms), for every job the service accepted. */
  fireAtById: Map<string, number>;
}

/**
 * POSTs each body to `path` with `concurrency` callers and the API key, expecting 201 and
 * `data.id`. Stops sending at `deadline` (epoch ms): what was not sent by then counts as failed.
 */
export async function postAll(baseUrl: string, apiKey: string, path: string, bodies: object[], opts: { concurrency: number; deadline: number }): Promise<Posted> {
  const { answeredAt: _answeredAt, latencies: _latencies, ...posted } = await post(baseUrl, apiKey, path, bodies.length, {
    concurrency: opts.concurrency, body: (i) => bodies[i], deadline: () => opts.deadline,
  });
  return posted;
}

export interface PacedPosted extends Posted {
  /** When each answer came (epoch ms; 0 where none did). */
  answeredAt: number[];
  /** Each request's time to answer, ms. */
  latencies: number[];
}

/**
 * POSTs `count` bodies, the i-th not before `sendAt(i)` (epoch ms), with `concurrency`
 * callers: a paced load, as an application creates work, rather than as fast as possible.
 * Each request has 30 s to answer.
 */
export function postPaced(baseUrl: string, apiKey: string, path: string, count: number, opts: { concurrency: number; sendAt: (i: number) => number; body: (i: number) => object }): Promise<PacedPosted> {
  return post(baseUrl, apiKey, path, count, { concurrency: opts.concurrency, body: opts.body, sendAt: opts.sendAt, deadline: (i) => opts.sendAt(i) + 30_000 });
}

async function post(
  baseUrl: string,
  apiKey: string,
  path: string,
  count: number,
  opts: { concurrency: number; body: (i: number) => object; deadline: (i: number) => number; sendAt?: (i: number) => number },
): Promise<PacedPosted> {
  const pool = new Pool(baseUrl, { connections: opts.concurrency, pipelining: 1 });
  const ids: Array<string | null> = new Array(count).fill(null);
  const answeredAt: number[] = new Array(count).fill(0);
  const latencies: number[] = [];
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
      while (next < count) {
        const index = next++;
        const wait = (opts.sendAt?.(index) ?? 0) - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const sent = Date.now();
        const left = opts.deadline(index) - sent;
        if (left <= 0) {
          fail('not sent before the phase deadline');
          continue;
        }
        try {
          const res = await pool.request({
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
            body: JSON.stringify(opts.body(index)),
            headersTimeout: left,
            bodyTimeout: left,
          });
          const body = (await res.body.json()) as { message?: string; data?: { id: string } };
          answeredAt[index] = Date.now();
          latencies.push(answeredAt[index] - sent);
          if (res.statusCode === 201 && body.data) ids[index] = body.data.id;
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
  const created = ids.filter((id) => id !== null).length;
  return { ids, failures, failed, finishedAt, perSecond: created / Math.max(0.001, (finishedAt - started) / 1000), answeredAt, latencies };
}

/** Schedules jobs through `POST /api/v1/jobs` (the documented path, arming included). */
export async function createJobs(baseUrl: string, apiKey: string, specs: JobSpec[], opts: { concurrency: number; deadline: number }): Promise<CreatedJobs> {
  const bodies = specs.map((spec) => ({ title: spec.title, webhookUrl: spec.webhookUrl, fireAt: new Date(spec.fireAt).toISOString(), payload: { fireAt: spec.fireAt } }));
  const { ids, ...rest } = await postAll(baseUrl, apiKey, '/api/v1/jobs', bodies, opts);
  const fireAtById = new Map<string, number>();
  ids.forEach((id, i) => id !== null && fireAtById.set(id, specs[i].fireAt));
  return { fireAtById, ...rest };
}
