import type { AuthService } from '../../domain/auth/auth.service.js';
import { limitSubject, RateLimitedError, type RateLimiter, type RateLimitKind } from '../../domain/rate-limiter.js';
import type { Principal } from '../../domain/auth/principal.js';
import type { JobEventStreams } from '../../domain/jobs/job-event-stream.js';
import type { JobControlService } from '../../domain/job-control/job-control.service.js';
import type { EndpointService } from '../../domain/endpoints/endpoint.service.js';
import type { DeliveryLogService } from '../../domain/delivery-logs/delivery-log.service.js';
import type { JobListService } from '../../domain/jobs/job-list.service.js';
import type { JobService } from '../../domain/jobs/job.service.js';
import type { ProjectService } from '../../domain/projects/project.service.js';
import type { ScheduleService } from '../../domain/schedules/schedule.service.js';
import type { AuditLog } from '../../domain/audit/audit.service.js';
import type { Access, Target } from '../../domain/members/access.js';
import type { MemberService } from '../../domain/members/member.service.js';
import { PERMISSIONS, type Operation } from '../../domain/members/permissions.js';
import { unauthenticated } from '../../errors.js';
import { withHttpStatus } from './format-error.js';

export interface Services {
  auth: AuthService;
  projects: ProjectService;
  jobs: JobService;
  jobControl: JobControlService;
  jobList: JobListService;
  logs: DeliveryLogService;
  schedules: ScheduleService;
  streams: JobEventStreams;
  limiter: RateLimiter;
  endpoints: EndpointService;
  access: Access;
  members: MemberService;
  audit: AuditLog;
}

export interface GraphQLContext {
  services: Services;
  principal: Principal | null;
  requestId: string;
  clientIp: string;
  userAgent?: string;
}

/**
 * Counts a request against a limit; past it, a RATE_LIMITED error whose HTTP answer is a
 * 429 with Retry-After and RateLimit headers.
 */
export async function rateLimit(ctx: GraphQLContext, kind: RateLimitKind, subject: string): Promise<void> {
  try {
    await ctx.services.limiter.hit(kind, subject);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw withHttpStatus(error);
  }
}

/**
 * The caller, allowed to run `operation` on `target` (PERMISSIONS: role and key scope; FORBIDDEN
 * otherwise) and counted against that operation's rate limit; to be passed to the service.
 */
export async function caller(ctx: GraphQLContext, operation: Operation, target?: Target): Promise<Principal> {
  const principal = await authorized(ctx, operation, target);
  const limit = (PERMISSIONS[operation] as { limit?: 'schedule' | 'read' }).limit;
  if (limit) await rateLimit(ctx, limit, limitSubject(limit, principal));
  return principal;
}

/** The caller (with the request's address), allowed to run `operation` on `target`, not counted against a limit: for nested fields and subscriptions. */
export function authorized(ctx: GraphQLContext, operation: Operation, target?: Target): Promise<Principal> {
  return ctx.services.access.authorize({ ...requirePrincipal(ctx), ip: ctx.clientIp }, operation, target);
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
