import { startHelper, type HelperProcess } from './ipc.js';
import type { AwaitResult, OpenParams } from './subscribers-process.js';

/** The benchmark's side of the subscribers process. */
export class Subscribers {
  private constructor(private readonly helper: HelperProcess) {}

  /** Opens `count` subscribers on one project; resolves with how many were acknowledged. */
  static async open(params: OpenParams): Promise<{ subscribers: Subscribers; connected: number; errors: string[] }> {
    const helper = await startHelper('./subscribers-process.ts');
    try {
      const opened = await helper.call<{ connected: number; errors: string[] }>('open', params, params.timeoutMs + 10_000);
      return { subscribers: new Subscribers(helper), ...opened };
    } catch (error) {
      await helper.stop();
      throw error;
    }
  }

  get pid(): number {
    return this.helper.pid;
  }

  /** Latencies of these jobs' events, once every subscriber has all of them or at `timeoutMs`. */
  awaitEvents(jobIds: string[], statuses: string[], timeoutMs: number): Promise<AwaitResult> {
    return this.helper.call<AwaitResult>('await', { jobIds, statuses, timeoutMs: Math.max(0, timeoutMs) }, Math.max(0, timeoutMs) + 30_000);
  }

  async close(): Promise<void> {
    await this.helper.call('close', null, 30_000).catch(() => undefined);
    await this.helper.stop();
  }
}
