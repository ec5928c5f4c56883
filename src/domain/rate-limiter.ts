import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../errors.js';
import type { Principal } from './auth/principal.js';

export type RateLimitKind = 'schedule' | 'read' | 'auth';

/** One request counted against a limit: what to tell the client in RateLimit headers. */
export interface RateDecision {
  kind: RateLimitKind;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export class RateLimitedError extends AppError {
  constructor(readonly decision: RateDecision) {
    super('RATE_LIMITED', `Rate limit exceeded: at most ${decision.limit} ${decision.kind} requests per minute; retry in ${decision.resetSeconds} s`);
  }

  /** The 429's headers: the RateLimit pair and Retry-After. */
  override get headers(): Record<string, string> {
    return { ...rateLimitHeaders(this.decision), 'retry-after': String(this.decision.resetSeconds) };
  }
}

const WINDOW_MS = 60_000;
/** How often counts made locally are added to the shared ones. */
export const RATE_SYNC_MS = 250;
/**
 * At most this many requests per bucket are counted here before one is counted in the
 * database (taking the others with it). It bounds what another instance cannot see yet, so
 * the overshoot across instances is a number, not whatever a sync period lets through.
 */
export const MAX_UNSYNCED = 50;

/** One bucket's count in the current window, as far as this process knows. */
interface Tally {
  window: number;
  /** The shared count when last read from the database. */
  shared: number;
  /** Requests counted here since, not yet added to the database. */
  unsynced: number;
}

/**
 * Fixed one-minute windows counted in PostgreSQL, so every instance shares the same
 * budget: scheduling per project, reads per user, register/login per client IP.
 *
 * A busy project far from its limit must not pay a database write per request, so while a
 * bucket has plenty of headroom its requests are counted here and added to the shared
 * count every RATE_SYNC_MS (one statement for every bucket). A bucket seen for the first
 * time in a window, or near its limit, is counted in the database on the request itself,
 * so the limit is exact where it matters; far from it, another instance can be up to
 * MAX_UNSYNCED requests behind. register/login are always counted in the database.
 */
export class RateLimiter {
  private readonly tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly em: () => EntityManager,
    private readonly perMinute: Readonly<Record<RateLimitKind, number>>,
  ) {}

  /** Counts one request; throws RateLimitedError past the limit; null when the limit is off. */
  async hit(kind: RateLimitKind, subject: string): Promise<RateDecision | null> {
    const limit = this.perMinute[kind];
    if (limit === 0) return null;
    const bucket = `${kind}:${subject}`;
    const window = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    let tally = this.tallies.get(bucket);
    if (tally?.window !== window) this.tallies.set(bucket, (tally = { window, shared: 0, unsynced: 0 }));
    const known = tally.shared + tally.unsynced;
    const headroom = limit - known - 1;
    let count: number;
    if (kind !== 'auth' && known > 0 && tally.unsynced < MAX_UNSYNCED && headroom > Math.max(100, limit / 10)) {
      tally.unsynced += 1;
      count = known + 1;
      this.timer ??= setTimeout(() => void this.sync(), RATE_SYNC_MS).unref();
    } else {
      // Counted in the database now, with what this process has not yet reported.
      const increment = tally.unsynced + 1;
      tally.unsynced = 0;
      count = (await this.add([[bucket, window, increment]])).get(bucket) ?? known + 1;
      tally.shared = count;
    }
    const decision = { kind, limit, remaining: Math.max(0, limit - count), resetSeconds: Math.max(1, Math.ceil((window + WINDOW_MS - Date.now()) / 1000)) };
    if (count > limit) throw new RateLimitedError(decision);
    return decision;
  }

  /** Adds the locally counted requests to the shared counts and reads those back. */
  async sync(): Promise<void> {
    this.timer = undefined;
    await this.syncing;
    const now = Date.now();
    const pending: Array<[string, number, number]> = [];
    for (const [bucket, tally] of this.tallies) {
      if (tally.window + WINDOW_MS <= now) this.tallies.delete(bucket);
      else if (tally.unsynced > 0) pending.push([bucket, tally.window, tally.unsynced]);
    }
    if (pending.length === 0) return;
    for (const [bucket] of pending) this.tallies.get(bucket)!.unsynced = 0;
    this.syncing = this.add(pending).then(
      (counts) => {
        for (const [bucket, window] of pending) {
          const tally = this.tallies.get(bucket);
          const count = counts.get(bucket);
          // Requests counted here while this ran stay unsynced, on top of the new shared count.
          if (tally?.window === window && count !== undefined) tally.shared = count;
        }
      },
      // Not fatal: these requests were allowed already; the counts are put back for the next sync.
      () => {
        for (const [bucket, window, increment] of pending) {
          const tally = this.tallies.get(bucket);
          if (tally?.window === window) tally.unsynced += increment;
        }
      },
    );
    await this.syncing;
  }

  /** Stops syncing after a last one. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.sync().catch(() => undefined);
  }

  /**
   * Adds increments to buckets' counts in their windows (a bucket whose stored window is
   * older starts again); returns each bucket's count. Buckets are written in one order so
   * that concurrent syncs of several instances cannot deadlock.
   */
  private async add(increments: Array<[string, number, number]>): Promise<Map<string, number>> {
    const sorted = [...increments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rows = await this.em().getConnection().execute<Array<{ bucket: string; count: number }>>(
      `insert into rate_limits as r (bucket, window_start, count)
       select * from unnest(?::text[], ?::timestamptz[], ?::int[])
       on conflict (bucket) do update
         set count = case when r.window_start = excluded.window_start then r.count + excluded.count else excluded.count end,
             window_start = excluded.window_start
         where r.window_start <= excluded.window_start
       returning bucket, count`,
      [pgArray(sorted.map(([bucket]) => bucket)), pgArray(sorted.map(([, window]) => new Date(window).toISOString())), pgArray(sorted.map(([, , n]) => String(n)))],
      'all',
    );
    return new Map(rows.map(({ bucket, count }) => [bucket, count]));
  }
}

/** A PostgreSQL array literal; the query builder would otherwise expand a JS array into a list. */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/**
 * Who a request counts against: scheduling per project (per user for a session token,
 * which may schedule into any of its projects), reads per user.
 */
export function limitSubject(kind: 'schedule' | 'read', principal: Principal): string {
  return kind === 'schedule' && principal.kind === 'apiKey' ? principal.projectId : principal.userId;
}

/** Windows long gone are deleted so per-IP buckets do not pile up. */
export async function purgeRateLimits(em: EntityManager): Promise<void> {
  await em.getConnection().execute(`delete from rate_limits where window_start < now() - interval '2 minutes'`);
}

/** IETF RateLimit-Policy / RateLimit header values (draft-ietf-httpapi-ratelimit-headers). */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'ratelimit-policy': `"${decision.kind}";q=${decision.limit};w=60`,
    ratelimit: `"${decision.kind}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}
