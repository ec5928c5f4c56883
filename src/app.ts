import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.js';
import { migrate } from './db/migrate.js';
import { ormConfig } from './db/mikro-orm.config.js';
import { WebhookClient } from './delivery/webhook-client.js';
import { AuthService } from './domain/auth/auth.service.js';
import { LocalJobEvents } from './domain/jobs/job-events.js';
import { JobService } from './domain/jobs/job.service.js';
import { JobStore } from './domain/jobs/job.store.js';
import { ProjectService } from './domain/projects/project.service.js';
import { Scheduler } from './scheduler/scheduler.js';
import { buildDispatchSchema } from './transports/graphql/schema.js';
import { createHttpServer } from './transports/http-server.js';

export interface App {
  /** Base URL once listening, e.g. http://127.0.0.1:4000. */
  url: string;
  databaseUrl: string;
  orm: MikroORM;
  scheduler: Scheduler;
  events: LocalJobEvents;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOverrides {
  /** Reconciler period; tests shorten it. */
  reconcileIntervalMs?: number;
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

  const events = new LocalJobEvents();
  const store = new JobStore(em);
  const client = new WebhookClient();
  const fires = config.role !== 'api';
  const scheduler = new Scheduler(store, client, events, { ...config, databaseUrl, fires, reconcileIntervalMs: overrides.reconcileIntervalMs }, log);
  const auth = new AuthService(em);
  const projects = new ProjectService(em);
  const jobs = new JobService(store, scheduler, events, async (principal, projectId) => Boolean(await projects.find(principal, projectId)));

  const health = async () => {
    const database = await orm.em.getConnection().execute('select 1', [], 'all').then(() => 'ok', () => 'down');
    return { healthy: database === 'ok', checks: { database, role: config.role } };
  };
  const serveHttp = config.role !== 'worker';
  const http = serveHttp
    ? await createHttpServer({ services: { auth, projects, jobs }, schema: await buildDispatchSchema(), log, production: config.production, health })
    : undefined;

  const app: App = {
    url: '',
    databaseUrl,
    orm,
    scheduler,
    events,
    async start() {
      await scheduler.start();
      if (http) {
        const address = await http.app.listen({ port: config.port, host: config.host });
        app.url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]');
      }
    },
    async stop() {
      await http?.app.close();
      await scheduler.stop();
      await client.close();
      await orm.close();
      await embedded?.stop();
    },
  };
  return app;
}
