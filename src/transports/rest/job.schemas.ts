import {
  batchBody, idParams, jobFilterBody, jobListQuery, jobLogQuery, logListQuery, replayBody, scheduleJobBody, updateJobBody,
} from './rest-schemas.js';
import { restRouteSchema } from './route-schema.js';

const ref = (id: string) => ({ $ref: `${id}#` });
const logPage = { type: 'object', properties: { logs: { type: 'array', items: ref('LogEntry') }, nextCursor: { type: ['string', 'null'] } }, required: ['logs', 'nextCursor'], additionalProperties: false };

/** The Fastify schemas of the job and log routes (job.routes.ts), and so their OpenAPI operations. */
export const JOB_ROUTE_SCHEMAS = {
  schedule: restRouteSchema({
    summary: 'Schedule a job', tag: 'Jobs', auth: 'apiKey', body: scheduleJobBody, idempotent: true,
    success: { status: 201, message: 'Job scheduled successfully', data: ref('Job'), description: 'The job (with an idempotency key already used with this body: the job it created)' },
  }),
  batch: restRouteSchema({
    summary: 'Schedule up to 1,000 jobs at once', description: 'All or nothing: any invalid item (named `jobs[i].field`) refuses the whole batch.',
    tag: 'Jobs', auth: 'apiKey', body: batchBody, keyedItems: true,
    success: {
      status: 201, message: 'Jobs scheduled successfully', description: 'The jobs, in the order given',
      data: { type: 'object', properties: { jobs: { type: 'array', items: ref('Job') } }, required: ['jobs'], additionalProperties: false },
    },
  }),
  cancelMany: restRouteSchema({
    summary: 'Cancel every scheduled job matching a filter', tag: 'Jobs', auth: 'apiKey', body: jobFilterBody,
    success: { status: 200, message: 'Jobs cancelled successfully', data: ref('BulkResult'), description: 'The jobs cancelled' },
  }),
  replayMany: restRouteSchema({
    summary: 'Replay every finished job matching a filter', tag: 'Jobs', auth: 'apiKey', body: jobFilterBody,
    success: { status: 201, message: 'Jobs replayed successfully', data: ref('BulkResult'), description: 'The new jobs' },
  }),
  cancel: restRouteSchema({
    summary: 'Cancel a scheduled job', description: 'Only a SCHEDULED job can be cancelled: any other state is a 400 `Only scheduled jobs can be cancelled`.',
    tag: 'Jobs', auth: 'apiKey', params: idParams('job'),
    success: { status: 200, message: 'Job cancelled successfully', data: { type: 'null' }, description: 'Cancelled' },
  }),
  update: restRouteSchema({
    summary: 'Change a scheduled job', description: 'Not SCHEDULED: 400 `Only scheduled jobs can be changed`.',
    tag: 'Jobs', auth: 'apiKey', params: idParams('job'), body: updateJobBody,
    success: { status: 200, message: 'Job updated successfully', data: ref('Job'), description: 'The job as changed' },
  }),
  runNow: restRouteSchema({
    summary: 'Send a scheduled job now', tag: 'Jobs', auth: 'apiKey', params: idParams('job'),
    success: { status: 200, message: 'Job triggered successfully', data: ref('Job'), description: 'The job (still SCHEDULED, being sent)' },
  }),
  replay: restRouteSchema({
    summary: 'Replay a finished job as a new job', description: 'Only DEAD, SUCCESS or CANCELLED jobs can be replayed. The body is optional.',
    tag: 'Jobs', auth: 'apiKey', params: idParams('job'), body: replayBody, idempotent: true,
    success: { status: 201, message: 'Job replayed successfully', data: ref('Job'), description: 'The new job' },
  }),
  list: restRouteSchema({
    summary: 'List jobs, newest first', description: 'By page (the product\'s shape), or by cursor when `cursor` is given (then `nextCursor` is in the answer and `page` is null).',
    tag: 'Jobs', auth: 'bearer', querystring: jobListQuery,
    success: {
      status: 200, message: 'Jobs fetched successfully', description: 'A page of jobs',
      data: {
        type: 'object',
        properties: { jobs: { type: 'array', items: ref('ListedJob') }, pagination: ref('Pagination'), nextCursor: { type: ['string', 'null'] } },
        required: ['jobs', 'pagination'],
        additionalProperties: false,
      },
    },
  }),
  get: restRouteSchema({
    summary: 'Get a job with its project and delivery log', tag: 'Jobs', auth: 'bearer', params: idParams('job'),
    success: { status: 200, message: 'Job fetched successfully', data: ref('JobDetail'), description: 'The job' },
  }),
  jobLogs: restRouteSchema({
    summary: "A job's delivery attempts, newest first", tag: 'Logs', auth: 'bearer', params: idParams('job'), querystring: jobLogQuery,
    success: { status: 200, message: 'Logs fetched successfully', data: logPage, description: 'A page of attempts' },
  }),
  logs: restRouteSchema({
    summary: 'Delivery attempts across jobs, newest first', tag: 'Logs', auth: 'bearer', querystring: logListQuery,
    success: { status: 200, message: 'Logs fetched successfully', data: logPage, description: 'A page of attempts' },
  }),
};
