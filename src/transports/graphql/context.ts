import type { AuthService } from '../../domain/auth/auth.service.js';
import type { Principal } from '../../domain/auth/principal.js';
import type { JobEventStreams } from '../../domain/jobs/job-event-stream.js';
import type { JobService } from '../../domain/jobs/job.service.js';
import type { ProjectService } from '../../domain/projects/project.service.js';
import { unauthenticated } from '../../errors.js';

export interface Services {
  auth: AuthService;
  projects: ProjectService;
  jobs: JobService;
  streams: JobEventStreams;
}

export interface GraphQLContext {
  services: Services;
  principal: Principal | null;
  requestId: string;
}

export function requirePrincipal(ctx: GraphQLContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}

/** Resolves `x-api-key` or `Authorization: Bearer` (HTTP headers or WebSocket connectionParams). */
export async function principalFrom(
  auth: AuthService,
  headers: { apiKey?: unknown; authorization?: unknown },
): Promise<Principal | null> {
  if (typeof headers.apiKey === 'string' && headers.apiKey) return auth.authenticateApiKey(headers.apiKey.trim());
  if (typeof headers.authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization);
    if (match) return auth.authenticateSession(match[1]);
  }
  return null;
}
