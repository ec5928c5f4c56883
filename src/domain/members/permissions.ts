import type { Role } from './roles.js';
import type { Scope } from './scopes.js';

/**
 * What an API key needs for an operation: a scope, `any` (every key of the project), or
 * `session` (keys may not: a person must, with a session token).
 */
export type KeyRule = Scope | 'any' | 'session';

export interface Permission {
  /** The least role a member needs. */
  role: Role;
  key: KeyRule;
  /** The rate limit the call counts against, if any. */
  limit?: 'schedule' | 'read';
}

const read = (key: KeyRule): Permission => ({ role: 'VIEWER', key, limit: 'read' });
const develop = (key: Scope): Permission => ({ role: 'DEVELOPER', key, limit: 'schedule' });
const administer: Permission = { role: 'ADMIN', key: 'session' };

/**
 * Every project operation (GraphQL field names; REST routes and subscriptions use the same
 * names) with the least role and the key scope it needs. The one table authorization reads
 * (see `Access`), and the one the role and scope matrices are generated from.
 */
export const PERMISSIONS = {
  // reads
  projects: read('any'),
  project: read('any'),
  members: { role: 'VIEWER', key: 'session' },
  jobs: read('jobs:read'),
  job: read('jobs:read'),
  jobsConnection: read('jobs:read'),
  jobStatusChanged: { role: 'VIEWER', key: 'jobs:read' },
  deliveryLogs: read('logs:read'),
  schedules: read('schedules:read'),
  schedule: read('schedules:read'),
  schedulePreview: read('schedules:read'),
  endpoints: read('endpoints:read'),
  endpointChanged: { role: 'VIEWER', key: 'endpoints:read' },
  // jobs
  scheduleJob: develop('jobs:write'),
  scheduleJobs: develop('jobs:write'),
  cancelJob: develop('jobs:write'),
  updateJob: develop('jobs:write'),
  runJobNow: develop('jobs:write'),
  replayJob: develop('jobs:write'),
  cancelJobs: develop('jobs:write'),
  replayJobs: develop('jobs:write'),
  // schedules
  createSchedule: develop('schedules:write'),
  updateSchedule: develop('schedules:write'),
  pauseSchedule: develop('schedules:write'),
  resumeSchedule: develop('schedules:write'),
  deleteSchedule: develop('schedules:write'),
  // endpoints
  updateEndpoint: develop('endpoints:write'),
  // keys, secrets, members, settings, audit
  apiKeys: administer,
  createApiKey: administer,
  revokeApiKey: administer,
  signingSecret: administer,
  rotateSigningSecret: administer,
  updateProject: administer,
  addMember: administer,
  updateMember: administer,
  removeMember: administer,
  auditLog: administer,
  /** removeMember of oneself. */
  leaveProject: { role: 'VIEWER', key: 'session' },
} as const satisfies Record<string, Permission>;

export type Operation = keyof typeof PERMISSIONS;
export const OPERATIONS = Object.keys(PERMISSIONS) as Operation[];
