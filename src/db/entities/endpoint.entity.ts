import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { Project } from './project.entity.js';

/**
 * A project's receiver origin (scheme, host and port), made on first use: its flow-control
 * settings, its circuit breaker and what flow control keeps (the token bucket).
 */
export class Endpoint {
  id!: string;
  project!: Project;
  origin!: string;
  /** Deliveries per second; null: no limit. */
  rateLimit: number | null = null;
  /** Deliveries that may go at once after a quiet spell; null: the rate's one second's worth. */
  burst: number | null = null;
  /** Attempts in flight at once; null: no limit. */
  parallelism: number | null = null;
  paused: Opt<boolean> = false;
  /** The breaker is open: no attempt goes until `probeAt`, then one probe at a time. */
  breakerOpen: Opt<boolean> = false;
  consecutiveFailures: Opt<number> = 0;
  openedAt: Date | null = null;
  probeAt: Date | null = null;
  backoffMs: number | null = null;
  /** When the breaker last opened or closed, to the microsecond (the statement that did it recognises its own change). */
  breakerChangedAt: Date | null = null;
  /** A receiver's Retry-After: nothing is sent before it. */
  retryAfterUntil: Date | null = null;
  tokens: number | null = null;
  tokensAt: Date | null = null;
  /** Why the gate last held jobs back (what a job started later was held by). */
  holdReason: string | null = null;
  lastError: string | null = null;
  lastErrorAt: Date | null = null;
  createdAt: Opt<Date> = new Date();
  updatedAt: Opt<Date> = new Date();
}

export const EndpointSchema = new EntitySchema<Endpoint>({
  class: Endpoint,
  tableName: 'endpoints',
  uniques: [{ name: 'endpoints_project_origin_unique', properties: ['project', 'origin'] }],
  indexes: [
    {
      name: 'endpoints_gated_idx',
      expression: 'create index "endpoints_gated_idx" on "endpoints" ("id") where "paused" or "breaker_open" or "rate_limit" is not null or "parallelism" is not null or "retry_after_until" is not null',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'gen_random_uuid()' },
    project: { kind: 'm:1', entity: 'Project', deleteRule: 'cascade' },
    origin: { type: 'text' },
    rateLimit: { type: 'double', nullable: true },
    burst: { type: 'integer', nullable: true },
    parallelism: { type: 'integer', nullable: true },
    paused: { type: 'boolean', default: false },
    breakerOpen: { type: 'boolean', default: false },
    consecutiveFailures: { type: 'integer', default: 0 },
    openedAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    probeAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    backoffMs: { type: 'integer', nullable: true },
    breakerChangedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    retryAfterUntil: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    tokens: { type: 'double', nullable: true },
    tokensAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    holdReason: { type: 'text', nullable: true },
    lastError: { type: 'text', nullable: true },
    lastErrorAt: { type: 'Date', columnType: 'timestamptz(3)', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz(3)', defaultRaw: 'now()' },
    updatedAt: { type: 'Date', columnType: 'timestamptz(3)', defaultRaw: 'now()' },
  },
});

/** Attempts and latency of one endpoint in one minute (health over the last hour and day). */
export class EndpointMinute {
  endpointId!: string;
  minute!: Date;
  attempts!: number;
  successes!: number;
  /** Failed attempts the circuit breaker counts (a receiver's Retry-After answer is not one). */
  failures!: number;
  /** Attempts per latency bucket (endpoint-stats.ts LATENCY_BUCKETS_MS). */
  latencyBuckets!: number[];
}

export const EndpointMinuteSchema = new EntitySchema<EndpointMinute>({
  class: EndpointMinute,
  tableName: 'endpoint_minutes',
  properties: {
    endpointId: { type: 'uuid', primary: true },
    minute: { type: 'Date', columnType: 'timestamptz(3)', primary: true },
    attempts: { type: 'integer', default: 0 },
    successes: { type: 'integer', default: 0 },
    failures: { type: 'integer', default: 0 },
    latencyBuckets: { type: 'integer[]', columnType: 'int[]' },
  },
});
