import { EventEmitter } from 'node:events';
import type { AuditLog } from '../audit/audit.service.js';
import type { Logger } from 'pino';
import { badInput, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { checkedStream } from '../jobs/job-event-stream.js';
import type { BreakerChange } from '../jobs/job.store.js';
import { visibleTo } from '../projects/project-scope.js';
import { isUuid } from '../validation.js';
import type { EndpointRecord, EndpointStore, EndpointTraffic } from './endpoint.store.js';
import { latencyPercentile } from './endpoint-stats.js';

export const ENDPOINT_STATES = ['CLOSED', 'OPEN', 'HALF_OPEN', 'PAUSED'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

/** An endpoint's traffic over a span, as clients see it. */
export interface EndpointTrafficView {
  attempts: number;
  successes: number;
  /** Successes over attempts; null with no attempts. */
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface EndpointHealth {
  lastHour: EndpointTrafficView;
  lastDay: EndpointTrafficView;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/** An endpoint as clients see it (CONTRACT §9 Endpoint). */
export interface EndpointView extends EndpointRecord {
  state: EndpointState;
  health: EndpointHealth;
}

/** One published change of an endpoint (its settings, or its breaker opening or closing). */
export interface EndpointChange {
  endpointId: string;
  projectId: string;
  origin: string;
  state: EndpointState;
  at: Date;
}

/** What alerts hear of endpoints (AlertService). */
export interface EndpointAlerts {
  endpointChanged(event: 'endpoint.opened' | 'endpoint.closed' | 'endpoint.paused', change: EndpointChange): void;
}

const MAX_RATE = 100_000;
const MAX_BURST = 100_000;
const MAX_PARALLELISM = 10_000;

/** Endpoints for every transport: listing with health, settings, and their live changes. */
export class EndpointService {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly store: EndpointStore,
    private readonly canSeeProject: (principal: Principal, projectId: string) => Promise<boolean>,
    /** Tells the rest of the system of a change made here: the other processes (the event relay) and this process's gates. */
    private readonly announce: (change: EndpointChange) => void,
    private readonly alerts: EndpointAlerts,
    private readonly log: Logger,
    private readonly audit: Pick<AuditLog, 'record'>,
  ) {}

  /** A project's endpoints with their health over the last hour and day. */
  async list(principal: Principal, projectId: unknown): Promise<EndpointView[]> {
    return this.withHealth(await this.store.inProject(await this.visibleProject(principal, projectId)));
  }

  private async withHealth(endpoints: EndpointRecord[]): Promise<EndpointView[]> {
    const ids = endpoints.map((endpoint) => endpoint.id);
    const now = Date.now();
    const [hour, day] = await Promise.all([this.store.traffic(ids, minuteAgo(now, 60)), this.store.traffic(ids, minuteAgo(now, 24 * 60))]);
    return endpoints.map((endpoint) => view(endpoint, hour.get(endpoint.id), day.get(endpoint.id), now));
  }

  async find(principal: Principal, id: string): Promise<EndpointRecord | null> {
    return isUuid(id) ? this.store.find(id, visibleTo(principal, 'e.project_id')) : null;
  }

  /** The endpoint with its health; "not found" when it is not the caller's. */
  async get(principal: Principal, id: string): Promise<EndpointView> {
    const endpoint = await this.find(principal, id);
    if (!endpoint) throw notFound('Endpoint');
    return (await this.withHealth([endpoint]))[0];
  }

  /**
   * Changes an endpoint's flow control: `rateLimit` (deliveries per second) with an optional
   * `burst`, `parallelism` (attempts in flight), `paused`; null clears a limit. Published
   * at once; every worker's gate follows from its next pass.
   */
  async update(principal: Principal, id: string, input: { rateLimit?: unknown; burst?: unknown; parallelism?: unknown; paused?: unknown }): Promise<EndpointView> {
    const existing = await this.find(principal, id);
    if (!existing) throw notFound('Endpoint');
    const settings: { rateLimit?: number | null; burst?: number | null; parallelism?: number | null; paused?: boolean } = {};
    if (input.rateLimit !== undefined) settings.rateLimit = limitValue(input.rateLimit, 'rateLimit', 0.001, MAX_RATE, false);
    if (input.burst !== undefined) settings.burst = limitValue(input.burst, 'burst', 1, MAX_BURST, true);
    if (input.parallelism !== undefined) settings.parallelism = limitValue(input.parallelism, 'parallelism', 1, MAX_PARALLELISM, true);
    if (input.paused !== undefined && input.paused !== null) {
      if (typeof input.paused !== 'boolean') throw badInput('paused', 'paused must be true or false');
      settings.paused = input.paused;
    }
    const rate = settings.rateLimit === undefined ? existing.rateLimit : settings.rateLimit;
    if (settings.burst != null && rate === null) throw badInput('burst', 'burst needs a rateLimit');
    // Without a rate, a burst means nothing: clearing the rate clears it too.
    if (settings.rateLimit === null) settings.burst = null;
    const updated = await this.store.update(existing.id, settings);
    if (!updated) throw notFound('Endpoint');
    const change = this.changed(updated);
    await this.audit.record(principal, 'endpoint.updated', updated.projectId, updated.id, { origin: updated.origin, ...settings });
    if (settings.paused === true && !existing.paused) {
      this.log.info({ endpointId: updated.id, projectId: updated.projectId, origin: updated.origin }, 'endpoint paused');
      this.alerts.endpointChanged('endpoint.paused', change);
    }
    return (await this.withHealth([updated]))[0];
  }

  /** Breakers this process's writes opened or closed: logged, published, alerted. */
  breakersChanged(changes: BreakerChange[]): void {
    for (const { endpointId, projectId, origin, open } of changes) {
      this.log.warn({ endpointId, projectId, origin }, open ? 'endpoint circuit breaker opened' : 'endpoint circuit breaker closed');
      const change = this.publish({ endpointId, projectId, origin, state: open ? 'OPEN' : 'CLOSED', at: new Date() });
      this.alerts.endpointChanged(open ? 'endpoint.opened' : 'endpoint.closed', change);
    }
  }

  /** A change from another process (through the relay): for this process's subscribers. */
  received(change: EndpointChange): void {
    this.emitter.emit('change', change);
  }

  /** Live changes of one project's endpoints; a project the caller cannot see is "not found". */
  stream(authorize: () => Promise<Principal>, projectId: unknown): Promise<AsyncIterableIterator<EndpointChange>> {
    return checkedStream<EndpointChange>(
      (listener) => {
        this.emitter.on('change', listener);
        return () => this.emitter.off('change', listener);
      },
      async () => {
        const id = await this.visibleProject(await authorize(), projectId);
        return (change) => change.projectId === id;
      },
    );
  }

  private changed(endpoint: EndpointRecord): EndpointChange {
    return this.publish({ endpointId: endpoint.id, projectId: endpoint.projectId, origin: endpoint.origin, state: stateOf(endpoint, Date.now()), at: new Date() });
  }

  private publish(change: EndpointChange): EndpointChange {
    this.emitter.emit('change', change);
    this.announce(change);
    return change;
  }

  private async visibleProject(principal: Principal, projectId: unknown): Promise<string> {
    const id = typeof projectId === 'string' && projectId !== '' ? projectId : principal.kind === 'apiKey' ? principal.projectId : undefined;
    if (id === undefined) throw badInput('projectId', 'projectId is required with a session token');
    if (!isUuid(id) || !(await this.canSeeProject(principal, id))) throw notFound('Project');
    return id;
  }
}

/** PAUSED over everything; an open breaker is HALF_OPEN once its probe may go. */
export function stateOf(endpoint: Pick<EndpointRecord, 'paused' | 'breakerOpen' | 'probeAt'>, now: number): EndpointState {
  if (endpoint.paused) return 'PAUSED';
  if (!endpoint.breakerOpen) return 'CLOSED';
  return endpoint.probeAt && endpoint.probeAt.getTime() > now ? 'OPEN' : 'HALF_OPEN';
}

function view(endpoint: EndpointRecord, hour: EndpointTraffic | undefined, day: EndpointTraffic | undefined, now: number): EndpointView {
  return {
    ...endpoint,
    state: stateOf(endpoint, now),
    health: { lastHour: trafficView(hour), lastDay: trafficView(day), lastError: endpoint.lastError, lastErrorAt: endpoint.lastErrorAt },
  };
}

function trafficView(traffic: EndpointTraffic | undefined): EndpointTrafficView {
  const attempts = traffic?.attempts ?? 0;
  const successes = traffic?.successes ?? 0;
  const buckets = traffic?.latencyBuckets ?? [];
  return {
    attempts,
    successes,
    successRate: attempts === 0 ? null : Math.round((successes / attempts) * 10_000) / 10_000,
    latencyP50Ms: latencyPercentile(buckets, 0.5),
    latencyP95Ms: latencyPercentile(buckets, 0.95),
  };
}

/** The start of the minute `minutes` ago: health spans whole minutes. */
const minuteAgo = (now: number, minutes: number): Date => new Date(Math.floor(now / 60_000) * 60_000 - (minutes - 1) * 60_000);

/** A limit: a number (an integer where `integer`) from `min` to `max`, or null to clear it. */
function limitValue(value: unknown, field: string, min: number, max: number, integer: boolean): number | null {
  if (value === null) return null;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
  if (!ok) throw badInput(field, `${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, or null`);
  return value as number;
}
