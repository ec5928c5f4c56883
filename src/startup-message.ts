import type { Role } from './config.js';

/**
 * The one line `npm start` prints once the service listens: where to go next. With the API
 * (ROLE all or api) that is the dashboard, where a new user signs up, creates a project and
 * its API key; a worker serves only /healthz and /metrics.
 */
export function startupMessage(url: string, role: Role): string {
  if (role === 'worker') return `Dispatch worker is running (firing only): health at ${url}/healthz, metrics at ${url}/metrics`;
  return `Dispatch is running: open the dashboard at ${url}/ to sign up and create a project and an API key (or use the GraphQL register, createProject and createApiKey mutations at ${url}/graphql); API reference at ${url}/api/docs`;
}
