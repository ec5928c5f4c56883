import type { EntityManager } from '@mikro-orm/postgresql';
import type { SqlExecutor } from '../../db/sql.js';
import type { FiringJob, JobStore } from '../jobs/job.store.js';
import type { EndpointStore } from './endpoint.store.js';
import { allowance, MIN_PASS_INTERVAL_MS, untilToken, type HoldReason } from './flow-control.js';

/** What one gate pass started, and how soon the next is worth running (null: nothing due waits, or not before the endpoint changes). */
export interface GatePass {
  started: FiringJob[];
  retryInMs: number | null;
  /** Why jobs still wait (null: they wait for this process's own delivery slots, or nothing waits). */
  reason: HoldReason | null;
}

/**
 * Lets an endpoint's due jobs through at the pace its settings allow, the same for every
 * worker: each pass is one transaction holding the endpoint's row lock, so the token
 * bucket, the count of attempts in flight and the breaker's probe are shared state, not
 * per-process budgets that multiply with the number of workers. A pass starts the
 * endpoint's earliest due jobs whoever claimed them, so they go in due order.
 *
 * Endpoints without any limit never come here: their attempts start on the firing path's
 * batched UPDATE, which refuses gated endpoints' jobs itself (see JobStore.startAttempts),
 * so `holds` only has to be right most of the time.
 */
export class EndpointGate {
  private gated = new Set<string>();

  constructor(
    private readonly em: () => EntityManager,
    private readonly endpoints: EndpointStore,
    private readonly jobs: JobStore,
  ) {}

  /** Whether the endpoint's attempts go through its gate, as last read. */
  holds(endpointId: string | null): endpointId is string {
    return endpointId !== null && this.gated.has(endpointId);
  }

  /** Reads which endpoints are gated now. */
  async refresh(): Promise<void> {
    this.gated = new Set(await this.endpoints.gated());
  }

  /** Marks one endpoint gated at once (its settings just changed here, or an attempt was refused as gated). */
  hold(endpointId: string): void {
    this.gated.add(endpointId);
  }

  /** Starts what the endpoint allows now, at most `room`, leased to `owner`. */
  async pass(endpointId: string, owner: string, room: number, leaseMs: number): Promise<GatePass> {
    return this.em().getKnex().transaction(async (knex) => {
      const trx = knex as unknown as SqlExecutor;
      const state = await this.endpoints.lockForPass(trx, endpointId);
      if (state === null) return { started: [], retryInMs: null, reason: null };
      if (state === 'busy') return { started: [], retryInMs: MIN_PASS_INTERVAL_MS, reason: null };
      const counts = state.parallelism !== null || state.breakerOpen;
      const firing = counts ? await this.endpoints.firing(trx, endpointId) : 0;
      const allowed = allowance(state, state.now, firing, room);
      const started = allowed.starts > 0 ? await this.jobs.startForEndpoint(trx, endpointId, owner, allowed.starts, leaseMs, state.holdReason) : [];
      // Expired jobs end without a request: they take no token.
      const sent = started.filter((job) => !job.expiresAt || job.expiresAt > state.now).length;
      const waiting = started.length === allowed.starts && (await this.endpoints.hasDue(trx, endpointId));
      // The bucket is written only when tokens were taken: between passes it refills by arithmetic.
      const tokens = allowed.tokens !== null && sent > 0 ? allowed.tokens - sent : undefined;
      const reason = waiting ? allowed.reason : null;
      const retryAfterOver = state.retryAfterUntil !== null && state.retryAfterUntil <= state.now;
      if (tokens !== undefined || reason !== state.holdReason || retryAfterOver) {
        await this.endpoints.afterPass(trx, endpointId, { tokens, holdReason: reason, retryAfterOver });
      }
      if (!waiting) return { started, retryInMs: null, reason };
      // All the tokens went: the next pass waits for the next one.
      const retryInMs = tokens !== undefined && tokens < 1 ? untilToken(tokens, state.rateLimit!) : allowed.retryInMs;
      return { started, retryInMs, reason: reason ?? (tokens !== undefined && tokens < 1 ? 'endpoint rate limit' : null) };
    });
  }
}
