import type { DestinationStream } from 'pino';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { gqlOk } from './clients.js';
import { createTestDatabase } from './database.js';
import { CreateApiKeyDocument, CreateProjectDocument, RegisterDocument } from '../generated/graphql.js';

export interface TestApp {
  app: App;
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * A real Dispatch on loopback over a fresh database. Retries are short, private targets
 * allowed so a local receiver can be reached, and rate limits off (every test registers
 * from 127.0.0.1); the tests of those features turn them back on through `env`.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOverrides & { databaseUrl?: string; logTo?: DestinationStream } = {},
): Promise<TestApp> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    RETRY_DELAYS: '200ms',
    DELIVERY_TIMEOUT: '2s',
    ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_SCHEDULE_PER_MINUTE: '0',
    RATE_LIMIT_READ_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_PER_MINUTE: '0',
    ...env,
  });
  // The service's own logger (with its redaction); `logTo` captures it at info level.
  const { logTo, ...overrides } = options;
  const log = createLogger(logTo ? 'info' : (process.env.TEST_LOG_LEVEL ?? config.logLevel), logTo);
  const app = await createApp(config, log, { reconcileIntervalMs: 500, ...overrides });
  await app.start();
  return {
    app,
    url: app.url,
    databaseUrl,
    async stop() {
      await app.stop();
      await database?.dispose();
    },
  };
}

let counter = 0;

/** Registers a user with one project and one API key. */
export async function signUp(url: string, name = 'production') {
  const email = `user${Date.now()}${counter++}@example.com`;
  const password = 'correct horse battery';
  const { register } = await gqlOk(url, RegisterDocument, { email, password });
  const token = register.token;
  const { createProject } = await gqlOk(url, CreateProjectDocument, { name }, { token });
  const { createApiKey } = await gqlOk(url, CreateApiKeyDocument, { projectId: createProject.id, label: 'test' }, { token });
  return { email, password, token, userId: register.user.id, projectId: createProject.id, apiKey: createApiKey.key };
}

/** An ISO timestamp `ms` from now. */
export const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();
