import { createScheduleBody, idParams, scheduleGetQuery, scheduleListQuery, updateScheduleBody } from './rest-schemas.js';
import { restRouteSchema } from './route-schema.js';

const schedule = { $ref: 'Schedule#' };
const byId = idParams('schedule');

/** The Fastify schemas of the schedule routes (schedule.routes.ts), and so their OpenAPI operations. */
export const SCHEDULE_ROUTE_SCHEMAS = {
  create: restRouteSchema({
    summary: 'Create a recurring schedule', tag: 'Schedules', auth: 'apiKey', body: createScheduleBody,
    success: { status: 201, message: 'Schedule created successfully', data: schedule, description: 'The schedule' },
  }),
  list: restRouteSchema({
    summary: 'List schedules', tag: 'Schedules', auth: 'either', querystring: scheduleListQuery,
    success: {
      status: 200, message: 'Schedules fetched successfully', description: 'A page of schedules',
      data: {
        type: 'object',
        properties: { schedules: { type: 'array', items: schedule }, pagination: { $ref: 'Pagination#' } },
        required: ['schedules', 'pagination'],
        additionalProperties: false,
      },
    },
  }),
  get: restRouteSchema({
    summary: 'Get a schedule with its next runs', tag: 'Schedules', auth: 'either', params: byId, querystring: scheduleGetQuery,
    success: { status: 200, message: 'Schedule fetched successfully', data: { $ref: 'ScheduleDetail#' }, description: 'The schedule' },
  }),
  update: restRouteSchema({
    summary: 'Change a schedule', tag: 'Schedules', auth: 'apiKey', params: byId, body: updateScheduleBody,
    success: { status: 200, message: 'Schedule updated successfully', data: schedule, description: 'The schedule as changed' },
  }),
  pause: restRouteSchema({
    summary: 'Pause a schedule (its created, unstarted runs are cancelled)', tag: 'Schedules', auth: 'apiKey', params: byId,
    success: { status: 200, message: 'Schedule paused successfully', data: schedule, description: 'The schedule' },
  }),
  resume: restRouteSchema({
    summary: 'Resume a paused schedule', tag: 'Schedules', auth: 'apiKey', params: byId,
    success: { status: 200, message: 'Schedule resumed successfully', data: schedule, description: 'The schedule' },
  }),
  delete: restRouteSchema({
    summary: 'Delete a schedule', tag: 'Schedules', auth: 'apiKey', params: byId,
    success: { status: 200, message: 'Schedule deleted successfully', data: schedule, description: 'The schedule as it was' },
  }),
};
