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

/**
 * Fixed one-minute windows counted in PostgreSQL, so every instance shares the same
 * budget: scheduling per project, reads per user, register/login per client IP.
 */
export class RateLimiter {
  constructor(
    private readonly em: () => EntityManager,
    private readonly perMinute: Readonly<Record<RateLimitKind, number>>,
  ) {}

  /** Counts one request; throws RateLimitedError past the limit; null when the limit is off. */
  async hit(kind: RateLimitKind, subject: string): Promise<RateDecision | null> {
    const limit = this.perMinute[kind];
    if (limit === 0) return null;
    const [row] = await this.em().getConnection().execute<Array<{ count: number; reset: string }>>(
      `insert into rate_limits as r (bucket, window_start, count) values (?, date_trunc('minute', now()), 1)
       on conflict (bucket) do update
         set count = case when r.window_start = excluded.window_start then r.count + 1 else 1 end,
             window_start = excluded.window_start
       returning count, ceil(extract(epoch from (window_start + interval '1 minute' - now()))) as reset`,
      [`${kind}:${subject}`],
      'all',
    );
    const decision = { kind, limit, remaining: Math.max(0, limit - row.count), resetSeconds: Math.max(1, Number(row.reset)) };
    if (row.count > limit) throw new RateLimitedError(decision);
    return decision;
  }
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
