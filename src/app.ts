import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { readDeploymentId, readDeploymentSecret } from './db/deployment.js';
import { CursorCodec } from './domain/cursors.js';
import { DeliveryLogService } from './domain/delivery-logs/delivery-log.service.js';
import { DeliveryLogStore } from './domain/delivery-logs/delivery-log.store.js';
import { JobListService } from './domain/jobs/job-list.service.js';
import { JobListStore } from './domain/jobs/job-list.store.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.js';
import { migrate } from './db/migrate.js';
import { ormConfig } from './db/mikro-orm.config.js';
import { within } from './deadline.js';
import { checkWebhookUrl, compilePolicy, guardedConnector } from './delivery/address-guard.js';
import { DeliveryTracing } from './delivery/delivery-tracing.js';
import { WebhookClient } from './delivery/webhook-client.js';
import { startTracing, type Tracing } from './telemetry/tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { AuthService } from './domain/auth/auth.service.js';
import { PgEventRelay } from './db/pg-event-relay.js';
import type { Principal } from './domain/auth/principal.js';
import { AlertService } from './domain/alerts/alert.service.js';
import { EndpointGate } from './domain/endpoints/endpoint-gate.js';
import { EndpointRegistry } from './domain/endpoints/endpoint-registry.js';
import { EndpointStats } from './domain/endpoints/endpoint-stats.js';
import { EndpointService } from './domain/endpoints/endpoint.service.js';
import { EndpointStore } from './domain/endpoints/endpoint.store.js';
import { JobControlService } from './domain/job-control/job-control.service.js';
import { JobControlStore } from './domain/job-control/job-control.store.js';
import { JobEventStreams } from './domain/jobs/job-event-stream.js';
import { LocalJobEvents } from './domain/jobs/job-events.js';
import type { JobStatusChange } from './domain/jobs/job-status.js';
import { JobService } from './domain/jobs/job.service.js';
import { JobStore } from './domain/jobs/job.store.js';
import { Access } from './domain/members/access.js';
import { MemberService } from './domain/members/member.service.js';
import { MemberStore } from './domain/members/member.store.js';
import { ProjectService } from './domain/projects/project.service.js';
import { AuditLog } from './domain/audit/audit.service.js';
import { AuditStore } from './domain/audit/audit.store.js';
import { RetentionService } from './domain/retention/retention.service.js';
import { RetentionStore } from './domain/retention/retention.store.js';
import { SchedulePlanner } from './domain/schedules/schedule-planner.js';
import { ScheduleService } from './domain/schedules/schedule.service.js';
import { ScheduleStore } from './domain/schedules/schedule.store.js';
import { purgeRateLimits, RateLimiter } from './domain/rate-limiter.js';
import { Metrics } from './metrics.js';
import type { FiringEndpoints } from './scheduler/firer.js';
import { Scheduler } from './scheduler/scheduler.js';
import { buildDispatchSchema } from './transports/graphql/schema.js';
import { createHttpServer } from './transports/http-server.js';
import { attachSubscriptionServer, type SubscriptionServer } from './transports/ws/subscription-server.js';

/** /healthz reports the database down when `select 1` takes longer than this (also the limit for counting jobs for /metrics). */
const HEALTH_TIMEOUT_MS = 2_000;

export interface App {
  /** Base URL once listening, e.g. http://127.0.0.1:4000. */
  url: string;
  databaseUrl: string;
  orm: MikroORM;
  scheduler: Scheduler;
  /** Deletes finished jobs past their retention (run once a minute on firing processes). */
  retention: RetentionService;
  events: LocalJobEvents;
  subscriptions: SubscriptionServer | undefined;
  /** The tracer, when tracing is on. */
  tracing: Tracing | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOverrides {
  /** Reconciler period; tests shorten it. */
  reconcileIntervalMs?: number;
  /** How far ahead schedule runs are created; tests shorten it. */
  planHorizonMs?: number;
  /** Where spans go instead of OTLP (tests: an in-memory exporter); tracing is on when given. */
  spanExporter?: SpanExporter;
}

/** Builds every part with explicit dependencies. Nothing listens or fires until start(). */
export async function createApp(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  const orm = await MikroORM.init(ormConfig(databaseUrl));
  await migrate(orm);
  const em = () => orm.em.fork();
  const deploymentId = await readDeploymentId(em());

  // Status changes reach this process's subscribers at once, and the others through PostgreSQL.
  const events = new LocalJobEvents();
  let subscriptions: SubscriptionServer | undefined;
  const relay = new PgEventRelay(databaseUrl, (message) => {
    if ('changes' in message) events.publish(message.changes);
    else if ('endpointChanged' in message) {
      endpoints.received(message.endpointChanged);
      if (fires) scheduler.firer.endpointChanged(message.endpointChanged.endpointId, message.endpointChanged.origin);
    } else if ('accessChanged' in message) subscriptions?.accessChanged(message.accessChanged);
    else endCredential(message.credentialEnded);
  }, log);
  const publisher = {
    publish(changes: JobStatusChange[]) {
      events.publish(changes);
      relay.publish({ changes });
    },
  };
  // A revoked key or ended session stops working here at once, and on the others through the relay.
  const endCredential = (id: string) => {
    auth.forget(id);
    subscriptions?.endCredential(id);
  };
  const credentialEnded = (id: string) => {
    endCredential(id);
    relay.publish({ credentialEnded: id });
  };
  // A session whose user left a project keeps working; its live connections reconnect to see less.
  const accessChanged = (sessionId: string) => {
    subscriptions?.accessChanged(sessionId);
    relay.publish({ accessChanged: sessionId });
  };

  const store = new JobStore(em);
  const jobListStore = new JobListStore(em);
  const cursors = new CursorCodec(await readDeploymentSecret(em(), deploymentId));
  const addressPolicy = compilePolicy({ allowPrivate: config.allowPrivateTargets, allowedCidrs: config.allowedTargetCidrs });
  // Off unless traces have somewhere to go: then nothing of the SDK is started.
  const tracing = startTracing({
    endpoint: config.otlpEndpoint, headers: config.otlpHeaders, serviceName: config.otelServiceName, exporter: overrides.spanExporter,
  });
  const client = new WebhookClient({
    connect: guardedConnector(addressPolicy), capturedBodyBytes: config.responseBodyLimitBytes, tracing: tracing && new DeliveryTracing(tracing.tracer),
  });
  const fires = config.role !== 'api';
  const metrics = new Metrics({
    jobsByStatus: () => within(jobListStore.totalsByStatus(), HEALTH_TIMEOUT_MS, 'counting jobs timed out'),
    webSocketConnections: () => subscriptions?.connectionCount ?? 0,
    subscriptions: () => events.listenerCount,
    firing: (): { waiting: number; inFlight: number } => scheduler.firer.load,
  });
  // Receiver endpoints: flow control and breakers on the firing path, health by the minute, alerts.
  const endpointStore = new EndpointStore(em);
  const firingEndpoints: FiringEndpoints = {
    gate: new EndpointGate(em, endpointStore, store),
    breaker: { failures: config.breakerFailures, backoffMs: config.breakerBackoffMs, maxBackoffMs: config.breakerMaxBackoffMs },
    retryAfterMaxMs: config.retryAfterMaxMs,
    attempted: (endpointId, attempt) => endpointStats.record(endpointId, attempt),
    breakersChanged: (changes) => {
      for (const change of changes) metrics.breakerChanged(change.open);
      endpoints.breakersChanged(changes);
    },
    backlogged: () => endpointStore.backlogged(),
  };
  const endpointStats = new EndpointStats(
    endpointStore,
    { ratio: config.breakerFailureRatio, minAttempts: config.breakerMinAttempts, windowMs: config.breakerWindowMs, backoffMs: config.breakerBackoffMs },
    (opened) => {
      for (const change of opened) firingEndpoints.gate.hold(change.endpointId);
      firingEndpoints.breakersChanged(opened);
    },
    log,
  );
  const scheduler = new Scheduler(
    store,
    client,
    publisher,
    {
      ...config, databaseUrl, deploymentId, fires, metrics, reconcileIntervalMs: overrides.reconcileIntervalMs, planSchedules: (): Promise<number> => planner.planDue(),
      endpoints: firingEndpoints, onCompleted: (completed) => alerts.jobsCompleted(completed),
    },
    log,
  );
  const audit = new AuditLog(new AuditStore(em), cursors);
  const auth = new AuthService(em, credentialEnded, audit);
  const projects = new ProjectService(em, credentialEnded, config.retentionMs, (url) => checkWebhookUrl(url, addressPolicy), audit);
  const canSeeProject = async (principal: Principal, projectId: string) => Boolean(await projects.find(principal, projectId));
  const endpointRegistry = new EndpointRegistry(endpointStore);
  const jobs = new JobService(store, scheduler, publisher, canSeeProject, endpointRegistry, {
    checkTarget: (url) => checkWebhookUrl(url, addressPolicy),
    idempotencyTtlMs: config.idempotencyTtlMs,
    defaults: config,
  });
  const alerts = new AlertService(em, (alertJobs) => jobs.insertNew(alertJobs), log);
  const endpoints = new EndpointService(endpointStore, canSeeProject, (change) => {
    relay.publish({ endpointChanged: change });
    if (fires) scheduler.firer.endpointChanged(change.endpointId, change.origin);
  }, alerts, log, audit);
  const jobControl = new JobControlService(new JobControlStore(em), jobs, scheduler, publisher, endpointRegistry, audit);
  const jobList = new JobListService(jobListStore, cursors);
  const logs = new DeliveryLogService(new DeliveryLogStore(em), jobs, jobListStore, cursors);
  const scheduleStore = new ScheduleStore(em);
  const planner: SchedulePlanner = new SchedulePlanner(scheduleStore, jobs, overrides.planHorizonMs);
  const schedules = new ScheduleService(scheduleStore, planner, publisher, canSeeProject, { checkTarget: (url) => checkWebhookUrl(url, addressPolicy), defaults: config }, endpointRegistry, audit);
  const limiter = new RateLimiter(em, {
    schedule: config.rateLimitSchedulePerMinute,
    read: config.rateLimitReadPerMinute,
    auth: config.rateLimitAuthPerMinute,
  });
  const streams = new JobEventStreams(
    events,
    canSeeProject,
    async (principal, jobId) => (await jobs.find(principal, jobId))?.projectId ?? null,
    async (principal, scheduleId) => (await schedules.find(principal, scheduleId))?.projectId ?? null,
  );

  const health = async () => {
    // A database that hangs rather than refuses must not hang the health check too.
    const ping = orm.em.getConnection().execute('select 1', [], 'all');
    const [database, mongodb] = await Promise.all([
      within(ping, HEALTH_TIMEOUT_MS, 'health check timed out').then(() => 'ok', () => 'down'),
      scheduler.agendaStoreHealth(HEALTH_TIMEOUT_MS),
    ]);
    // MongoDB down is reported but keeps the answer 200: firing carries on without it (the
    // reconciler claims due work from PostgreSQL), so an orchestrator has nothing to restart.
    return { healthy: database === 'ok', checks: { database, ...(mongodb ? { mongodb } : {}), role: config.role } };
  };
  // Workers serve only /healthz and /metrics (for orchestrators); the API roles serve REST, GraphQL and WebSocket too.
  const memberStore = new MemberStore(em);
  const access = new Access(memberStore);
  const members = new MemberService(memberStore, audit, accessChanged);
  const services = { auth, projects, jobs, jobControl, jobList, logs, schedules, streams, limiter, endpoints, access, members, audit };
  const schema = config.role !== 'worker' ? await buildDispatchSchema() : undefined;
  const http = await createHttpServer({ services, schema, log, production: config.production, health, metrics, metricsToken: config.metricsToken, tracer: tracing?.tracer,
    limits: { headersTimeoutMs: config.httpHeadersTimeoutMs, requestTimeoutMs: config.httpRequestTimeoutMs, maxConcurrentPerIp: config.httpMaxConcurrentPerIp },
  });
  if (schema) subscriptions = attachSubscriptionServer({
    server: http.server, schema, services, log, production: config.production,
    limits: {
      perIp: config.wsMaxConnectionsPerIp, perCredential: config.wsMaxConnectionsPerCredential,
      subscriptionsPerConnection: config.wsMaxSubscriptionsPerConnection, maxBufferedBytes: config.wsMaxBufferedBytes,
    },
  });

  // Expired idempotency keys and old rate-limit windows are cleared once a minute; firing
  // processes delete finished jobs past their retention every RETENTION_INTERVAL.
  const retention = new RetentionService(new RetentionStore(em), audit, config.retentionMs, log, (count) => metrics.jobsPurged(count));
  let housekeeping: NodeJS.Timeout | undefined;
  const tidy = () =>
    Promise.all([store.purgeIdempotencyKeys(), purgeRateLimits(em()), endpointStore.purgeMinutes()]).catch((error) => log.warn({ err: error }, 'housekeeping failed'));

  const app: App = {
    url: '',
    databaseUrl,
    orm,
    scheduler,
    retention,
    events,
    tracing,
    get subscriptions() {
      return subscriptions;
    },
    async start() {
      await relay.start();
      await scheduler.start();
      housekeeping = setInterval(tidy, 60_000).unref();
      if (fires) retention.start(config.retentionIntervalMs);
      endpointStats.start();
      const address = await http.listen({ port: config.port, host: config.host });
      app.url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]');
    },
    /**
     * Graceful stop: no new connections, requests or claims; deliveries in flight finish
     * (each within DELIVERY_TIMEOUT) and their outcomes are written and published; then
     * subscribers are told goodbye (1001) and every pool and store closes.
     */
    async stop() {
      clearInterval(housekeeping);
      await retention.stop();
      // Stops listening at once and answers requests on open connections 503; it settles
      // only when the WebSockets are closed below.
      const httpClosed = http.close();
      await scheduler.stop();
      await endpointStats.stop();
      await subscriptions?.close();
      await httpClosed;
      await limiter.stop();
      await relay.stop();
      await client.close();
      await orm.close();
      await embedded?.stop();
      // Last, so the spans of the final deliveries and requests are exported too.
      await tracing?.shutdown();
    },
  };
  return app;
}
