/**
 * Request/answer over Node's IPC channel between the benchmark and its helper processes
 * (receiver, subscribers). They run apart so their CPU is not the load generator's and
 * their clocks are the same machine's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Envelope {
  id: number;
  method: string;
  params?: unknown;
}
interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

export interface HelperProcess {
  readonly pid: number;
  /** Calls `method` in the helper; rejects after `timeoutMs` or if the helper dies. */
  call<T>(method: string, params: unknown, timeoutMs: number): Promise<T>;
  /** Ends the helper (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Forks `bench/<file>` under tsx and resolves once it says it is ready. */
export async function startHelper(file: string, readyTimeoutMs = 30_000): Promise<HelperProcess> {
  const script = fileURLToPath(new URL(file, import.meta.url));
  // Advanced serialization carries typed arrays and Maps without JSON's cost.
  const child: ChildProcess = fork(script, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  // Id 0 is the helper's own "ready" message, sent once its handlers are installed (a
  // message sent to it before that could be lost).
  let nextId = 1;
  const ready = new Promise<void>((resolve, reject) => pending.set(0, { resolve: () => resolve(), reject }));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`${file} exited (${signal ?? code})`));
    pending.clear();
  });
  child.on('message', (message: Answer) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(`${file}: ${message.error}`));
    else waiter.resolve(message.result);
  });

  const call = <T>(method: string, params: unknown, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${file} is not running`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${file}: ${method} gave no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value as T)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      child.send({ id, method, params } satisfies Envelope);
    });

  const helper: HelperProcess = {
    pid: child.pid!,
    call,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
  let readyTimer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([ready, new Promise((_, reject) => (readyTimer = setTimeout(() => reject(new Error(`${file} not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs)))]);
  } catch (error) {
    await helper.stop();
    throw error;
  } finally {
    clearTimeout(readyTimer);
  }
  return helper;
}

/** The helper side: answers calls with `handlers`, then tells the parent it is ready. */
export function serveHelper(handlers: Record<string, (params: any) => unknown>): void {
  process.on('message', async (message: Envelope) => {
    const handler = handlers[message.method];
    let answer: Answer;
    try {
      if (!handler) throw new Error(`unknown method ${message.method}`);
      answer = { id: message.id, result: await handler(message.params) };
    } catch (error) {
      answer = { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(answer);
  });
  // The benchmark's end (or death) ends the helper.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  process.send?.({ id: 0, result: 'ready' } satisfies Answer);
}
