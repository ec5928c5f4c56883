import { DispatchClient } from '../client/index.js';

/** The flags every command takes, for parseArgs. */
export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  'api-key': { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DEFAULT_URL = 'http://localhost:4000';

/** A client from the flags, else DISPATCH_URL, DISPATCH_API_KEY and DISPATCH_TOKEN. */
export function clientFrom(values: { server?: string; 'api-key'?: string; token?: string }, env: NodeJS.ProcessEnv): DispatchClient {
  return new DispatchClient({
    url: values.server ?? (env.DISPATCH_URL || DEFAULT_URL),
    apiKey: values['api-key'] ?? (env.DISPATCH_API_KEY || undefined),
    token: values.token ?? (env.DISPATCH_TOKEN || undefined),
  });
}
