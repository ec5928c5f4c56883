import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../domain/auth/auth.service.js';
import type { Access } from '../../domain/members/access.js';
import type { RateLimiter } from '../../domain/rate-limiter.js';
import type { ScheduleService } from '../../domain/schedules/schedule.service.js';
import { ok } from './envelope.js';
import { objectBody, restCaller } from './rest-auth.js';
import { scheduleJson } from './schedule-json.js';
import { SCHEDULE_ROUTE_SCHEMAS } from './schedule.schemas.js';

/** Recurring schedules over REST: writes with `x-api-key`, reads with a key or a session. */
export function registerScheduleRoutes(app: FastifyInstance, deps: { auth: AuthService; schedules: ScheduleService; limiter: RateLimiter; access: Access }) {
  const caller = restCaller(deps);
  const { schedules } = deps;
  const json = (schedule: Parameters<typeof scheduleJson>[0]) => scheduleJson(schedule, schedules);

  app.post('/api/v1/schedules', { schema: SCHEDULE_ROUTE_SCHEMAS.create }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'createSchedule');
    // The key decides the project; a projectId in the body is ignored.
    const schedule = await schedules.create(principal, { ...objectBody(request), projectId: undefined });
    return ok(reply, 201, 'Schedule created successfully', json(schedule));
  });

  app.get<{ Querystring: Record<string, string> }>('/api/v1/schedules', { schema: SCHEDULE_ROUTE_SCHEMAS.list }, async (request, reply) => {
    const principal = await caller(request, reply, 'either', 'schedules');
    const { schedules: rows, pagination } = await schedules.list(principal, request.query);
    return ok(reply, 200, 'Schedules fetched successfully', { schedules: rows.map(json), pagination });
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/api/v1/schedules/:id', { schema: SCHEDULE_ROUTE_SCHEMAS.get }, async (request, reply) => {
    const principal = await caller(request, reply, 'either', 'schedule');
    const schedule = await schedules.get(principal, request.params.id);
    const nextRuns = schedules.nextRuns(schedule, request.query.runs, 'runs').map((run) => run.toISOString());
    return ok(reply, 200, 'Schedule fetched successfully', { ...json(schedule), nextRuns });
  });

  app.patch<{ Params: { id: string } }>('/api/v1/schedules/:id', { schema: SCHEDULE_ROUTE_SCHEMAS.update }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'updateSchedule');
    const schedule = await schedules.update(principal, request.params.id, { ...objectBody(request), projectId: undefined });
    return ok(reply, 200, 'Schedule updated successfully', json(schedule));
  });

  app.post<{ Params: { id: string } }>('/api/v1/schedules/:id/pause', { schema: SCHEDULE_ROUTE_SCHEMAS.pause }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'pauseSchedule');
    return ok(reply, 200, 'Schedule paused successfully', json(await schedules.pause(principal, request.params.id)));
  });

  app.post<{ Params: { id: string } }>('/api/v1/schedules/:id/resume', { schema: SCHEDULE_ROUTE_SCHEMAS.resume }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'resumeSchedule');
    return ok(reply, 200, 'Schedule resumed successfully', json(await schedules.resume(principal, request.params.id)));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/schedules/:id', { schema: SCHEDULE_ROUTE_SCHEMAS.delete }, async (request, reply) => {
    const principal = await caller(request, reply, 'apiKey', 'deleteSchedule');
    return ok(reply, 200, 'Schedule deleted successfully', json(await schedules.delete(principal, request.params.id)));
  });
}
