import type { Logger } from 'pino';
import type { BreakerChange } from '../jobs/job.store.js';
import type { EndpointStore, EndpointTraffic } from './endpoint.store.js';

/** Upper bounds (ms) of the latency histogram kept per endpoint and minute; one more bucket holds the rest. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

/** How often this process adds its counts to the shared minutes. */
export const STATS_FLUSH_MS = 5_000;

/** When the failure ratio opens a breaker (BREAKER_FAILURE_RATIO, BREAKER_MIN_ATTEMPTS, BREAKER_WINDOW). */
export interface FailureRatioSettings {
  /** 0: never. */
  ratio: number;
  minAttempts: number;
  windowMs: number;
  backoffMs: number;
}

interface Minute extends EndpointTraffic {
  endpointId: string;
  minute: Date;
  failures: number;
}

/**
 * Every endpoint's attempts by the minute, for its health (attempts, success rate,
 * latency) and for the failure-ratio breaker. Each process counts its own attempts in
 * memory and adds them to the shared rows every few seconds, so health costs one small
 * upsert per flush, not a write per attempt. After a flush, endpoints that failed are
 * checked against the ratio over the window, summed across every process.
 */
export class EndpointStats {
  private minutes = new Map<string, Minute>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: EndpointStore,
    private readonly ratio: FailureRatioSettings,
    private readonly onOpened: (changes: BreakerChange[]) => void,
    private readonly log: Logger,
  ) {}

  /** One attempt to the endpoint ended (a Retry-After answer is neither a success nor a failure the breaker counts). */
  record(endpointId: string, attempt: { ok: boolean; receiverFailed: boolean; durationMs: number }): void {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const key = `${endpointId} ${minute}`;
    let row = this.minutes.get(key);
    if (!row) {
      row = { endpointId, minute: new Date(minute), attempts: 0, successes: 0, failures: 0, latencyBuckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0) };
      this.minutes.set(key, row);
    }
    row.attempts += 1;
    if (attempt.ok) row.successes += 1;
    if (attempt.receiverFailed) row.failures += 1;
    row.latencyBuckets[bucketOf(attempt.durationMs)] += 1;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), STATS_FLUSH_MS);
    this.timer.unref();
  }

  /** Writes what was counted since the last flush; counts that could not be written are kept for the next. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    const rows = [...this.minutes.values()];
    if (rows.length === 0) return;
    this.minutes = new Map();
    try {
      await this.store.addMinutes(rows);
    } catch (error) {
      this.log.warn({ err: error, endpoints: rows.length }, 'could not write endpoint health; keeping it for the next flush');
      for (const row of rows) this.merge(row);
      return;
    }
    const failing = [...new Set(rows.filter((row) => row.failures > 0).map((row) => row.endpointId))];
    if (failing.length > 0 && this.ratio.ratio > 0) await this.checkRatio(failing).catch((error) => this.log.warn({ err: error }, 'failure ratio check failed'));
  }

  private merge(row: Minute): void {
    const key = `${row.endpointId} ${row.minute.getTime()}`;
    const current = this.minutes.get(key);
    if (!current) return void this.minutes.set(key, row);
    current.attempts += row.attempts;
    current.successes += row.successes;
    current.failures += row.failures;
    row.latencyBuckets.forEach((count, i) => (current.latencyBuckets[i] += count));
  }

  /** Opens the breakers of closed endpoints whose failures over the window reach the ratio. */
  private async checkRatio(endpointIds: string[]): Promise<void> {
    const since = new Date(Math.floor((Date.now() - this.ratio.windowMs) / 60_000) * 60_000 + 60_000);
    const opened: BreakerChange[] = [];
    for (const [endpointId, traffic] of await this.store.traffic(endpointIds, since)) {
      const counted = traffic.successes + traffic.failures;
      if (counted < this.ratio.minAttempts || traffic.failures < this.ratio.ratio * counted) continue;
      const change = await this.store.open(endpointId, this.ratio.backoffMs);
      if (change) opened.push(change);
    }
    if (opened.length > 0) this.onOpened(opened);
  }

  /** Writes what is left (on stop). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

function bucketOf(durationMs: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => durationMs <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

/**
 * The latency below which a share `q` of attempts fell, from the histogram: interpolated
 * inside the bucket where it falls (the last bucket reports its lower bound). Null with no attempts.
 */
export function latencyPercentile(buckets: number[], q: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    if (buckets[i] === 0 || seen + buckets[i] < rank) {
      seen += buckets[i];
      continue;
    }
    const low = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1];
    if (i >= LATENCY_BUCKETS_MS.length) return low;
    return Math.round(low + ((LATENCY_BUCKETS_MS[i] - low) * (rank - seen)) / buckets[i]);
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
}
