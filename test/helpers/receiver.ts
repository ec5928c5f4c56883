import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: { jobId: string; title: string; payload: Record<string, unknown>; firedAt: string };
  arrivedAt: number;
}

type Responder = (request: ReceivedRequest, res: ServerResponse) => void;

/**
 * A real HTTP receiver on loopback that records every delivery. Each path can be given a
 * script of responders (one per request, the last repeating).
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, Responder[]>();
  private readonly waiters = new Set<() => void>();
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: ReceivedRequest['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined as never;
      }
      const received: ReceivedRequest = { path: req.url ?? '/', headers: req.headers, body, json, arrivedAt: Date.now() };
      this.requests.push(received);
      const script = this.scripts.get(received.path.split('?')[0]) ?? [];
      const countForPath = this.requests.filter((r) => r.path === received.path).length;
      const responder = script[Math.min(countForPath, script.length) - 1] ?? respond(200, '{"received":true}');
      responder(received, res);
      for (const wake of this.waiters) wake();
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Responders for a path, used in order; the last one repeats. */
  on(path: string, ...responders: Responder[]): string {
    this.scripts.set(path, responders);
    return `${this.url}${path}`;
  }

  for(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.split('?')[0] === path);
  }

  /** Resolves once `predicate` holds (checked on every arrival), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${this.requests.length} requests)`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const respond = (status: number, body = '', headers: Record<string, string> = {}): Responder => (_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
};

/** Never answers (until the receiver stops). */
export const hang = (): Responder => () => undefined;
