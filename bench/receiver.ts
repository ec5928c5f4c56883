import { startHelper, type HelperProcess } from './ipc.js';
import type { Collected } from './receiver-process.js';

/** The benchmark's side of the receiver process. */
export class Receiver {
  private constructor(
    private readonly helper: HelperProcess,
    private readonly base: string,
  ) {}

  static async start(): Promise<Receiver> {
    const helper = await startHelper('./receiver-process.ts');
    const port = await helper.call<number>('port', null, 5_000);
    return new Receiver(helper, `http://127.0.0.1:${port}`);
  }

  get pid(): number {
    return this.helper.pid;
  }

  /** The webhook URL for one phase; `delayMs` makes the receiver answer that much later. */
  url(path: string, delayMs = 0): string {
    return `${this.base}${path}${delayMs > 0 ? `?delay=${delayMs}` : ''}`;
  }

  /**
   * First arrival per job on `path`, once `expected` jobs have arrived or `timeoutMs` has
   * passed. The path's log is then forgotten, unless `keep` (collect again later, then `forget`).
   */
  async collect(path: string, expected: number, timeoutMs: number, opts: { keep?: boolean } = {}): Promise<{ arrivals: Map<string, number>; repeats: number; complete: boolean }> {
    const collected = await this.helper.call<Collected>('collect', { path, expected, timeoutMs: Math.max(0, timeoutMs) }, Math.max(0, timeoutMs) + 30_000);
    const arrivals = new Map<string, number>();
    collected.ids.forEach((id, i) => arrivals.set(id, collected.arrivedAt[i]));
    if (!opts.keep) await this.forget(path);
    return { arrivals, repeats: collected.repeats, complete: collected.complete };
  }

  forget(path: string): Promise<unknown> {
    return this.helper.call('forget', path, 10_000);
  }

  stop(): Promise<void> {
    return this.helper.stop();
  }
}
