import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { JOB_STATUSES, type JobStatus } from './domain/jobs/job-status.js';

/** What the firing path reports (implemented by Metrics; the Firer knows nothing of Prometheus). */
export interface FiringMetrics {
  /** An attempt was sent `lagMs` after it was due. */
  fired(lagMs: number): void;
  /** An attempt ended; `outcome` is how. */
  attempted(outcome: 'success' | 'failure', durationMs: number): void;
  /** An attempt started `ms` after it was due because its endpoint held it back, for `reason`. */
  held(reason: string, ms: number): void;
  /** An endpoint's circuit breaker opened or closed. */
  breakerChanged(open: boolean): void;
}

/** Live counts read when scraped. */
export interface MetricsSources {
  jobsByStatus: () => Promise<Partial<Record<JobStatus, number>>>;
  webSocketConnections: () => number;
  subscriptions: () => number;
  firing: () => { waiting: number; inFlight: number };
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The process's Prometheus metrics (`GET /metrics`): firing lateness, attempts by outcome,
 * jobs by status, HTTP request durations by route, WebSocket connections and subscriptions,
 * plus Node's own (event-loop lag, heap, CPU, GC).
 */
export class Metrics implements FiringMetrics {
  readonly registry = new Registry();
  private readonly fireLag = new Histogram({
    name: 'dispatch_fire_lag_seconds',
    help: 'How late attempts were sent: the moment of sending minus the time they were due (fireAt, or the retry time).',
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly attempts = new Counter({
    name: 'dispatch_delivery_attempts_total',
    help: 'Delivery attempts by outcome (success: a 2xx; failure: anything else, including timeouts and refused addresses).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly attemptDuration = new Histogram({
    name: 'dispatch_delivery_duration_seconds',
    help: 'Time from sending an attempt to the end of its answer (or its failure).',
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'dispatch_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  private readonly holds = new Histogram({
    name: 'dispatch_endpoint_hold_seconds',
    help: 'How long attempts held back by their endpoint (rate limit, parallelism, pause, open breaker, Retry-After) waited past their due time, by reason.',
    labelNames: ['reason'] as const,
    buckets: [...SECONDS, 300, 900, 3600],
    registers: [this.registry],
  });
  private readonly breakerTransitions = new Counter({
    name: 'dispatch_endpoint_breaker_transitions_total',
    help: 'Endpoint circuit breakers opened or closed by this process, by the state they went to.',
    labelNames: ['to'] as const,
    registers: [this.registry],
  });

  private readonly purged = new Counter({
    name: 'dispatch_jobs_purged_total',
    help: 'Finished jobs deleted by retention (with their logs), by this process.',
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'dispatch_jobs',
      help: 'Jobs by status, across every project (read from the counters kept in the database when scraped).',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await sources.jobsByStatus();
        for (const status of JOB_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'dispatch_attempts_in_flight',
      help: 'Attempts being delivered by this process.',
      registers: [this.registry],
      collect() {
        this.set(sources.firing().inFlight);
      },
    });
    new Gauge({
      name: 'dispatch_attempts_waiting',
      help: 'Attempts due but waiting for a delivery slot (their receiver already has its share in flight).',
      registers: [this.registry],
      collect() {
        this.set(sources.firing().waiting);
      },
    });
    new Gauge({
      name: 'dispatch_websocket_connections',
      help: 'Open graphql-ws connections on this process.',
      registers: [this.registry],
      collect() {
        this.set(sources.webSocketConnections());
      },
    });
    new Gauge({
      name: 'dispatch_subscriptions',
      help: 'Active jobStatusChanged subscriptions on this process.',
      registers: [this.registry],
      collect() {
        this.set(sources.subscriptions());
      },
    });
  }

  fired(lagMs: number): void {
    this.fireLag.observe(Math.max(0, lagMs) / 1000);
  }

  attempted(outcome: 'success' | 'failure', durationMs: number): void {
    this.attempts.inc({ outcome });
    this.attemptDuration.observe(durationMs / 1000);
  }

  held(reason: string, ms: number): void {
    this.holds.observe({ reason }, Math.max(0, ms) / 1000);
  }

  breakerChanged(open: boolean): void {
    this.breakerTransitions.inc({ to: open ? 'open' : 'closed' });
  }

  jobsPurged(count: number): void {
    this.purged.inc(count);
  }

  /** `route` is the route's pattern (`/api/v1/jobs/:id`), never the raw URL, to keep label values few. */
  requestServed(method: string, route: string, status: number, durationMs: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, durationMs / 1000);
  }
}
