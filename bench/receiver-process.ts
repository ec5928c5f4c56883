/**
 * The webhook receiver, in its own process: records when each delivery's request arrived
 * (first arrival per job id, per path) and answers 200, after `?delay=<ms>` when asked.
 * The job id is read from the `webhook-id` header, so bodies are never parsed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveHelper } from './ipc.js';

export interface CollectParams {
  path: string;
  /** Answer once this many distinct jobs have arrived on `path`, or at `timeoutMs`. */
  expected: number;
  timeoutMs: number;
}

export interface Collected {
  /** Job ids and their first arrival time (epoch ms), in arrival order. */
  ids: string[];
  arrivedAt: Float64Array;
  /** Requests for a job that had already arrived (retries or duplicate deliveries). */
  repeats: number;
  complete: boolean;
}

interface PathLog {
  first: Map<string, number>;
  repeats: number;
}

const logs = new Map<string, PathLog>();
const waiters = new Set<() => void>();
const logOf = (path: string): PathLog => {
  let log = logs.get(path);
  if (!log) logs.set(path, (log = { first: new Map(), repeats: 0 }));
  return log;
};

const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  const arrivedAt = Date.now();
  const [path, query = ''] = (req.url ?? '/').split('?');
  const jobId = req.headers['webhook-id'];
  if (typeof jobId === 'string') {
    const log = logOf(path);
    if (log.first.has(jobId)) log.repeats++;
    else log.first.set(jobId, arrivedAt);
    for (const wake of waiters) wake();
  }
  const delayMs = Number(new URLSearchParams(query).get('delay') ?? 0);
  req.resume();
  req.on('end', () => {
    const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
// Deliveries come over many keep-alive connections at once; never refuse them.
server.maxRequestsPerSocket = 0;
server.headersTimeout = 60_000;

function collect({ path, expected, timeoutMs }: CollectParams): Promise<Collected> {
  const log = logOf(path);
  return new Promise((resolve) => {
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve({ ids: [...log.first.keys()], arrivedAt: Float64Array.from(log.first.values()), repeats: log.repeats, complete });
    };
    const check = () => {
      if (log.first.size >= expected) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    waiters.add(check);
    check();
  });
}

server.listen(0, '127.0.0.1', () => {
  serveHelper({
    port: () => (server.address() as AddressInfo).port,
    count: (path: string) => logOf(path).first.size,
    collect,
    forget: (path: string) => void logs.delete(path),
  });
});
