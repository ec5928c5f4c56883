import pino from 'pino';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
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
 * A real Dispatch on loopback over a fresh database. Retries are short and private
 * targets allowed so a local receiver can be reached.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOverrides & { databaseUrl?: string } = {},
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
    ...env,
  });
  const app = await createApp(config, pino({ level: process.env.TEST_LOG_LEVEL ?? config.logLevel }), { reconcileIntervalMs: 500, ...options });
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
