/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Occurrences missed while the service was down or the schedule paused: NONE skips them, LATEST runs the most recent one, ALL runs each (at most 100). */
export type CatchUp =
  | 'ALL'
  | 'LATEST'
  | 'NONE';

export type CreateScheduleInput = {
  /** Default LATEST. */
  catchUp?: CatchUp | null | undefined;
  /** Exactly one of cron and every. */
  cron?: string | null | undefined;
  endAt?: string | null | undefined;
  /** A duration: 30s, 15m, 1h, or milliseconds; at least 1 s. */
  every?: string | null | undefined;
  /** Extra request headers of the runs. */
  headers?: Record<string, unknown> | null | undefined;
  /** Labels of the runs. */
  labels?: Record<string, unknown> | null | undefined;
  name: string;
  /** Create it paused; default false. */
  paused?: boolean | null | undefined;
  payload?: Record<string, unknown> | null | undefined;
  /** Needed with a session token; implied by an API key. */
  projectId?: string | number | null | undefined;
  /** The runs’ retries. */
  retry?: RetryInput | null | undefined;
  startAt?: string | null | undefined;
  /** The runs’ per-attempt timeout. */
  timeout?: string | null | undefined;
  /** IANA name; default UTC. */
  timezone?: string | null | undefined;
  title: string;
  webhookUrl: string;
};

/** CLOSED: attempts go as flow control allows; OPEN: the circuit breaker holds every attempt until its probe time; HALF_OPEN: one probe at a time; PAUSED: held by hand. */
export type EndpointState =
  | 'CLOSED'
  | 'HALF_OPEN'
  | 'OPEN'
  | 'PAUSED';

/** Which jobs; every condition given must hold. Always within the caller’s projects. */
export type JobFilter = {
  /** createdAt at or after. */
  createdAtFrom?: string | null | undefined;
  /** createdAt before. */
  createdAtTo?: string | null | undefined;
  /** fireAt at or after. */
  fireAtFrom?: string | null | undefined;
  /** fireAt before. */
  fireAtTo?: string | null | undefined;
  /** At most 10,000. */
  ids?: Array<string | number> | null | undefined;
  /** Every key: value given must be on the job. */
  labels?: Record<string, unknown> | null | undefined;
  projectId?: string | number | null | undefined;
  scheduleId?: string | number | null | undefined;
  /** Titles containing this text, in any letter case. */
  search?: string | null | undefined;
  status?: JobStatus | null | undefined;
};

/** Where a job is in its lifecycle. */
export type JobStatus =
  | 'CANCELLED'
  | 'DEAD'
  | 'FAILED'
  | 'FIRING'
  | 'SCHEDULED'
  | 'SUCCESS';

export type RetryInput = {
  /** Durations such as "10s", "1m"; at most 20. */
  delays?: Array<string> | null | undefined;
  /** 1 to 20. */
  maxAttempts?: number | null | undefined;
  maxDelay?: string | null | undefined;
};

/** A member’s powers in a project: OWNER everything; ADMIN keys, secrets, settings, the audit log and members other than owners; DEVELOPER jobs, schedules and endpoints; VIEWER reads only. */
export type Role =
  | 'ADMIN'
  | 'DEVELOPER'
  | 'OWNER'
  | 'VIEWER';

export type ScheduleJobInput = {
  /** Instead of fireAt: how long from now, e.g. "90s", "15m", "2h", "1d" or milliseconds. */
  delay?: string | null | undefined;
  expiresAt?: string | null | undefined;
  /** When to fire (UTC, in the future); exactly one of fireAt and delay. */
  fireAt?: string | null | undefined;
  /** Up to 20 extra request headers (string values); Dispatch’s own are reserved. */
  headers?: Record<string, unknown> | null | undefined;
  /** Same key and same input within IDEMPOTENCY_TTL returns the original job; a different input is an IDEMPOTENCY_CONFLICT. */
  idempotencyKey?: string | null | undefined;
  /** Up to 20 key: value strings. */
  labels?: Record<string, unknown> | null | undefined;
  payload?: Record<string, unknown> | null | undefined;
  /** Needed with a session token; implied by an API key. */
  projectId?: string | number | null | undefined;
  retry?: RetryInput | null | undefined;
  /** Per-attempt timeout, at most the server’s DELIVERY_TIMEOUT. */
  timeout?: string | null | undefined;
  title: string;
  webhookUrl: string;
};

/** Fields left out stay as they are; null clears a limit. */
export type UpdateEndpointInput = {
  /** Burst of the rate limit (1 to 100000). */
  burst?: number | null | undefined;
  /** Attempts in flight at once (1 to 10000). */
  parallelism?: number | null | undefined;
  /** true holds every attempt; false lets them go again, in due order. */
  paused?: boolean | null | undefined;
  /** Deliveries per second (0.001 to 100000). */
  rateLimit?: number | null | undefined;
};

/** Fields to change on a SCHEDULED job; null resets an option to the server’s default. */
export type UpdateJobInput = {
  delay?: string | null | undefined;
  /** null clears it. */
  expiresAt?: string | null | undefined;
  fireAt?: string | null | undefined;
  headers?: Record<string, unknown> | null | undefined;
  labels?: Record<string, unknown> | null | undefined;
  payload?: Record<string, unknown> | null | undefined;
  retry?: RetryInput | null | undefined;
  timeout?: string | null | undefined;
  title?: string | null | undefined;
  webhookUrl?: string | null | undefined;
};

export type EndpointTrafficFragment = { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null };

export type EndpointRowFragment = { id: string, projectId: string, origin: string, rateLimit: number | null, burst: number | null, parallelism: number | null, paused: boolean, state: EndpointState, consecutiveFailures: number, openedAt: string | null, probeAt: string | null, retryAfterUntil: string | null, updatedAt: string, health: { lastError: string | null, lastErrorAt: string | null, lastHour: { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null }, lastDay: { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null } } };

export type EndpointsQueryVariables = Exact<{
  projectId: string | number;
}>;


export type EndpointsQuery = { endpoints: Array<{ id: string, projectId: string, origin: string, rateLimit: number | null, burst: number | null, parallelism: number | null, paused: boolean, state: EndpointState, consecutiveFailures: number, openedAt: string | null, probeAt: string | null, retryAfterUntil: string | null, updatedAt: string, health: { lastError: string | null, lastErrorAt: string | null, lastHour: { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null }, lastDay: { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null } } }> };

export type UpdateEndpointMutationVariables = Exact<{
  id: string | number;
  input: UpdateEndpointInput;
}>;


export type UpdateEndpointMutation = { updateEndpoint: { id: string, projectId: string, origin: string, rateLimit: number | null, burst: number | null, parallelism: number | null, paused: boolean, state: EndpointState, consecutiveFailures: number, openedAt: string | null, probeAt: string | null, retryAfterUntil: string | null, updatedAt: string, health: { lastError: string | null, lastErrorAt: string | null, lastHour: { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null }, lastDay: { attempts: number, successes: number, successRate: number | null, latencyP50Ms: number | null, latencyP95Ms: number | null } } } };

export type LiveEndpointChangedSubscriptionVariables = Exact<{
  projectId: string | number;
}>;


export type LiveEndpointChangedSubscription = { endpointChanged: { endpointId: string, projectId: string, origin: string, state: EndpointState, at: string } };

export type JobRowFragment = { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } };

export type JobConnectionQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type JobConnectionQuery = { jobsConnection: { totalCount: number, totalIsEstimate: boolean, edges: Array<{ cursor: string, node: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type JobDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type JobDetailQuery = { job: { payload: Record<string, unknown>, timeout: string, headers: Record<string, unknown>, expiresAt: string | null, endpointId: string | null, id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, retry: { maxAttempts: number, delays: Array<string>, maxDelay: string }, held: { ms: number, reason: string, message: string } | null, logs: Array<{ id: string, attempt: number, status: string, responseCode: number | null, responseBody: string | null, firedAt: string, durationMs: number, error: string | null }>, project: { id: string, name: string } } | null };

export type JobTitleQueryVariables = Exact<{
  id: string | number;
}>;


export type JobTitleQuery = { job: { id: string, title: string } | null };

export type ScheduleJobMutationVariables = Exact<{
  input: ScheduleJobInput;
}>;


export type ScheduleJobMutation = { scheduleJob: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } };

export type CancelJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelJobMutation = { cancelJob: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } };

export type UpdateJobMutationVariables = Exact<{
  id: string | number;
  input: UpdateJobInput;
}>;


export type UpdateJobMutation = { updateJob: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } };

export type RunJobNowMutationVariables = Exact<{
  id: string | number;
}>;


export type RunJobNowMutation = { runJobNow: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } };

export type ReplayJobMutationVariables = Exact<{
  id: string | number;
  fireAt?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
}>;


export type ReplayJobMutation = { replayJob: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } };

export type CancelJobsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type CancelJobsMutation = { cancelJobs: { count: number, ids: Array<string> } };

export type ReplayJobsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ReplayJobsMutation = { replayJobs: { count: number, ids: Array<string> } };

export type LiveJobStatusSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveJobStatusSubscription = { jobStatusChanged: { jobId: string, projectId: string, status: JobStatus, previousStatus: JobStatus | null, retryCount: number, at: string, job: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } } } };

export type DeliveryLogsQueryVariables = Exact<{
  projectId?: string | number | null | undefined;
  status?: string | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeliveryLogsQuery = { deliveryLogs: { edges: Array<{ cursor: string, node: { id: string, jobId: string, jobTitle: string, attempt: number, status: string, responseCode: number | null, durationMs: number, firedAt: string, error: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ApiKeyFieldsFragment = { id: string, label: string, last4: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null };

export type ProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectsQuery = { projects: Array<{ id: string, name: string, createdAt: string }> };

export type MemberFieldsFragment = { role: Role, createdAt: string, user: { id: string, email: string } };

export type ProjectDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectDetailQuery = { me: { id: string } | null, project: { id: string, name: string, createdAt: string, alertWebhookUrl: string | null, members: Array<{ role: Role, createdAt: string, user: { id: string, email: string } }> } | null };

export type ProjectApiKeysQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectApiKeysQuery = { project: { id: string, apiKeys: Array<{ id: string, label: string, last4: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> } | null };

export type AddMemberMutationVariables = Exact<{
  projectId: string | number;
  email: string;
  role: Role;
}>;


export type AddMemberMutation = { addMember: { role: Role, createdAt: string, user: { id: string, email: string } } };

export type UpdateMemberMutationVariables = Exact<{
  projectId: string | number;
  userId: string | number;
  role: Role;
}>;


export type UpdateMemberMutation = { updateMember: { role: Role, createdAt: string, user: { id: string, email: string } } };

export type RemoveMemberMutationVariables = Exact<{
  projectId: string | number;
  userId: string | number;
}>;


export type RemoveMemberMutation = { removeMember: { role: Role, createdAt: string, user: { id: string, email: string } } };

export type CreateProjectMutationVariables = Exact<{
  name: string;
}>;


export type CreateProjectMutation = { createProject: { id: string, name: string, createdAt: string } };

export type CreateApiKeyMutationVariables = Exact<{
  projectId: string | number;
  label: string;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, label: string, last4: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, label: string, last4: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } };

export type SigningSecretQueryVariables = Exact<{
  id: string | number;
}>;


export type SigningSecretQuery = { project: { id: string, signingSecret: string | null } | null };

export type RotateSigningSecretMutationVariables = Exact<{
  projectId: string | number;
}>;


export type RotateSigningSecretMutation = { rotateSigningSecret: { id: string, signingSecret: string | null } };

export type SetAlertWebhookMutationVariables = Exact<{
  id: string | number;
  alertWebhookUrl?: string | null | undefined;
}>;


export type SetAlertWebhookMutation = { updateProject: { id: string, alertWebhookUrl: string | null } };

export type ScheduleRowFragment = { id: string, projectId: string, name: string, cron: string | null, every: string | null, timezone: string, title: string, webhookUrl: string, paused: boolean, nextRunAt: string | null, lastRunAt: string | null, createdAt: string };

export type ScheduleListQueryVariables = Exact<{
  projectId?: string | number | null | undefined;
  paused?: boolean | null | undefined;
  page?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type ScheduleListQuery = { schedules: { schedules: Array<{ id: string, projectId: string, name: string, cron: string | null, every: string | null, timezone: string, title: string, webhookUrl: string, paused: boolean, nextRunAt: string | null, lastRunAt: string | null, createdAt: string }>, pagination: { total: number, page: number, limit: number, totalPages: number } } };

export type ScheduleDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ScheduleDetailQuery = { schedule: { payload: Record<string, unknown>, startAt: string | null, endAt: string | null, catchUp: CatchUp, updatedAt: string, nextRuns: Array<string>, id: string, projectId: string, name: string, cron: string | null, every: string | null, timezone: string, title: string, webhookUrl: string, paused: boolean, nextRunAt: string | null, lastRunAt: string | null, createdAt: string } | null };

export type ScheduleRunsQueryVariables = Exact<{
  scheduleId: string | number;
  page?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type ScheduleRunsQuery = { jobs: { jobs: Array<{ id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, scheduleId: string | null, scheduledFor: string | null, labels: Record<string, unknown>, replayOf: string | null, project: { id: string, name: string } }>, pagination: { total: number, page: number, limit: number, totalPages: number } } };

export type ScheduleNameQueryVariables = Exact<{
  id: string | number;
}>;


export type ScheduleNameQuery = { schedule: { id: string, name: string } | null };

export type SchedulePreviewQueryVariables = Exact<{
  cron?: string | null | undefined;
  every?: string | null | undefined;
  timezone?: string | null | undefined;
  startAt?: string | null | undefined;
  endAt?: string | null | undefined;
  count?: number | null | undefined;
}>;


export type SchedulePreviewQuery = { schedulePreview: Array<string> };

export type CreateScheduleMutationVariables = Exact<{
  input: CreateScheduleInput;
}>;


export type CreateScheduleMutation = { createSchedule: { id: string, projectId: string, name: string, cron: string | null, every: string | null, timezone: string, title: string, webhookUrl: string, paused: boolean, nextRunAt: string | null, lastRunAt: string | null, createdAt: string } };

export type PauseScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseScheduleMutation = { pauseSchedule: { id: string, projectId: string, name: string, cron: string | null, every: string | null, timezone: string, title: string, webhookUrl: string, paused: boolean, nextRunAt: string | null, lastRunAt: string | null, createdAt: string } };

export type ResumeScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeScheduleMutation = { resumeSchedule: { id: string, projectId: string, name: string, cron: string | null, every: string | null, timezone: string, title: string, webhookUrl: string, paused: boolean, nextRunAt: string | null, lastRunAt: string | null, createdAt: string } };

export type DeleteScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteScheduleMutation = { deleteSchedule: { id: string, name: string } };

export type RegisterMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type RegisterMutation = { register: { token: string, user: { id: string, email: string } } };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, user: { id: string, email: string } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const EndpointTrafficFragmentDoc = new TypedDocumentString(`
    fragment EndpointTraffic on EndpointTraffic {
  attempts
  successes
  successRate
  latencyP50Ms
  latencyP95Ms
}
    `, {"fragmentName":"EndpointTraffic"}) as unknown as TypedDocumentString<EndpointTrafficFragment, unknown>;
export const EndpointRowFragmentDoc = new TypedDocumentString(`
    fragment EndpointRow on Endpoint {
  id
  projectId
  origin
  rateLimit
  burst
  parallelism
  paused
  state
  consecutiveFailures
  openedAt
  probeAt
  retryAfterUntil
  updatedAt
  health {
    lastError
    lastErrorAt
    lastHour {
      ...EndpointTraffic
    }
    lastDay {
      ...EndpointTraffic
    }
  }
}
    fragment EndpointTraffic on EndpointTraffic {
  attempts
  successes
  successRate
  latencyP50Ms
  latencyP95Ms
}`, {"fragmentName":"EndpointRow"}) as unknown as TypedDocumentString<EndpointRowFragment, unknown>;
export const JobRowFragmentDoc = new TypedDocumentString(`
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}
    `, {"fragmentName":"JobRow"}) as unknown as TypedDocumentString<JobRowFragment, unknown>;
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  label
  last4
  createdAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const MemberFieldsFragmentDoc = new TypedDocumentString(`
    fragment MemberFields on Member {
  user {
    id
    email
  }
  role
  createdAt
}
    `, {"fragmentName":"MemberFields"}) as unknown as TypedDocumentString<MemberFieldsFragment, unknown>;
export const ScheduleRowFragmentDoc = new TypedDocumentString(`
    fragment ScheduleRow on Schedule {
  id
  projectId
  name
  cron
  every
  timezone
  title
  webhookUrl
  paused
  nextRunAt
  lastRunAt
  createdAt
}
    `, {"fragmentName":"ScheduleRow"}) as unknown as TypedDocumentString<ScheduleRowFragment, unknown>;
export const EndpointsDocument = new TypedDocumentString(`
    query Endpoints($projectId: ID!) {
  endpoints(projectId: $projectId) {
    ...EndpointRow
  }
}
    fragment EndpointTraffic on EndpointTraffic {
  attempts
  successes
  successRate
  latencyP50Ms
  latencyP95Ms
}
fragment EndpointRow on Endpoint {
  id
  projectId
  origin
  rateLimit
  burst
  parallelism
  paused
  state
  consecutiveFailures
  openedAt
  probeAt
  retryAfterUntil
  updatedAt
  health {
    lastError
    lastErrorAt
    lastHour {
      ...EndpointTraffic
    }
    lastDay {
      ...EndpointTraffic
    }
  }
}`) as unknown as TypedDocumentString<EndpointsQuery, EndpointsQueryVariables>;
export const UpdateEndpointDocument = new TypedDocumentString(`
    mutation UpdateEndpoint($id: ID!, $input: UpdateEndpointInput!) {
  updateEndpoint(id: $id, input: $input) {
    ...EndpointRow
  }
}
    fragment EndpointTraffic on EndpointTraffic {
  attempts
  successes
  successRate
  latencyP50Ms
  latencyP95Ms
}
fragment EndpointRow on Endpoint {
  id
  projectId
  origin
  rateLimit
  burst
  parallelism
  paused
  state
  consecutiveFailures
  openedAt
  probeAt
  retryAfterUntil
  updatedAt
  health {
    lastError
    lastErrorAt
    lastHour {
      ...EndpointTraffic
    }
    lastDay {
      ...EndpointTraffic
    }
  }
}`) as unknown as TypedDocumentString<UpdateEndpointMutation, UpdateEndpointMutationVariables>;
export const LiveEndpointChangedDocument = new TypedDocumentString(`
    subscription LiveEndpointChanged($projectId: ID!) {
  endpointChanged(projectId: $projectId) {
    endpointId
    projectId
    origin
    state
    at
  }
}
    `) as unknown as TypedDocumentString<LiveEndpointChangedSubscription, LiveEndpointChangedSubscriptionVariables>;
export const JobConnectionDocument = new TypedDocumentString(`
    query JobConnection($filter: JobFilter, $first: Int, $after: String) {
  jobsConnection(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...JobRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
    totalIsEstimate
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<JobConnectionQuery, JobConnectionQueryVariables>;
export const JobDetailDocument = new TypedDocumentString(`
    query JobDetail($id: ID!) {
  job(id: $id) {
    ...JobRow
    payload
    retry {
      maxAttempts
      delays
      maxDelay
    }
    timeout
    headers
    expiresAt
    endpointId
    held {
      ms
      reason
      message
    }
    logs {
      id
      attempt
      status
      responseCode
      responseBody
      firedAt
      durationMs
      error
    }
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<JobDetailQuery, JobDetailQueryVariables>;
export const JobTitleDocument = new TypedDocumentString(`
    query JobTitle($id: ID!) {
  job(id: $id) {
    id
    title
  }
}
    `) as unknown as TypedDocumentString<JobTitleQuery, JobTitleQueryVariables>;
export const ScheduleJobDocument = new TypedDocumentString(`
    mutation ScheduleJob($input: ScheduleJobInput!) {
  scheduleJob(input: $input) {
    ...JobRow
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<ScheduleJobMutation, ScheduleJobMutationVariables>;
export const CancelJobDocument = new TypedDocumentString(`
    mutation CancelJob($id: ID!) {
  cancelJob(id: $id) {
    ...JobRow
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<CancelJobMutation, CancelJobMutationVariables>;
export const UpdateJobDocument = new TypedDocumentString(`
    mutation UpdateJob($id: ID!, $input: UpdateJobInput!) {
  updateJob(id: $id, input: $input) {
    ...JobRow
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<UpdateJobMutation, UpdateJobMutationVariables>;
export const RunJobNowDocument = new TypedDocumentString(`
    mutation RunJobNow($id: ID!) {
  runJobNow(id: $id) {
    ...JobRow
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<RunJobNowMutation, RunJobNowMutationVariables>;
export const ReplayJobDocument = new TypedDocumentString(`
    mutation ReplayJob($id: ID!, $fireAt: DateTime, $idempotencyKey: String) {
  replayJob(id: $id, fireAt: $fireAt, idempotencyKey: $idempotencyKey) {
    ...JobRow
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<ReplayJobMutation, ReplayJobMutationVariables>;
export const CancelJobsDocument = new TypedDocumentString(`
    mutation CancelJobs($ids: [ID!]!) {
  cancelJobs(filter: {ids: $ids}) {
    count
    ids
  }
}
    `) as unknown as TypedDocumentString<CancelJobsMutation, CancelJobsMutationVariables>;
export const ReplayJobsDocument = new TypedDocumentString(`
    mutation ReplayJobs($ids: [ID!]!) {
  replayJobs(filter: {ids: $ids}) {
    count
    ids
  }
}
    `) as unknown as TypedDocumentString<ReplayJobsMutation, ReplayJobsMutationVariables>;
export const LiveJobStatusDocument = new TypedDocumentString(`
    subscription LiveJobStatus {
  jobStatusChanged {
    jobId
    projectId
    status
    previousStatus
    retryCount
    at
    job {
      ...JobRow
    }
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<LiveJobStatusSubscription, LiveJobStatusSubscriptionVariables>;
export const DeliveryLogsDocument = new TypedDocumentString(`
    query DeliveryLogs($projectId: ID, $status: String, $since: DateTime, $until: DateTime, $first: Int, $after: String) {
  deliveryLogs(
    projectId: $projectId
    status: $status
    since: $since
    until: $until
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        id
        jobId
        jobTitle
        attempt
        status
        responseCode
        durationMs
        firedAt
        error
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<DeliveryLogsQuery, DeliveryLogsQueryVariables>;
export const ProjectsDocument = new TypedDocumentString(`
    query Projects {
  projects {
    id
    name
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ProjectsQuery, ProjectsQueryVariables>;
export const ProjectDetailDocument = new TypedDocumentString(`
    query ProjectDetail($id: ID!) {
  me {
    id
  }
  project(id: $id) {
    id
    name
    createdAt
    alertWebhookUrl
    members {
      ...MemberFields
    }
  }
}
    fragment MemberFields on Member {
  user {
    id
    email
  }
  role
  createdAt
}`) as unknown as TypedDocumentString<ProjectDetailQuery, ProjectDetailQueryVariables>;
export const ProjectApiKeysDocument = new TypedDocumentString(`
    query ProjectApiKeys($id: ID!) {
  project(id: $id) {
    id
    apiKeys {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  label
  last4
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<ProjectApiKeysQuery, ProjectApiKeysQueryVariables>;
export const AddMemberDocument = new TypedDocumentString(`
    mutation AddMember($projectId: ID!, $email: String!, $role: Role!) {
  addMember(projectId: $projectId, email: $email, role: $role) {
    ...MemberFields
  }
}
    fragment MemberFields on Member {
  user {
    id
    email
  }
  role
  createdAt
}`) as unknown as TypedDocumentString<AddMemberMutation, AddMemberMutationVariables>;
export const UpdateMemberDocument = new TypedDocumentString(`
    mutation UpdateMember($projectId: ID!, $userId: ID!, $role: Role!) {
  updateMember(projectId: $projectId, userId: $userId, role: $role) {
    ...MemberFields
  }
}
    fragment MemberFields on Member {
  user {
    id
    email
  }
  role
  createdAt
}`) as unknown as TypedDocumentString<UpdateMemberMutation, UpdateMemberMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($projectId: ID!, $userId: ID!) {
  removeMember(projectId: $projectId, userId: $userId) {
    ...MemberFields
  }
}
    fragment MemberFields on Member {
  user {
    id
    email
  }
  role
  createdAt
}`) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const CreateProjectDocument = new TypedDocumentString(`
    mutation CreateProject($name: String!) {
  createProject(name: $name) {
    id
    name
    createdAt
  }
}
    `) as unknown as TypedDocumentString<CreateProjectMutation, CreateProjectMutationVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($projectId: ID!, $label: String!) {
  createApiKey(projectId: $projectId, label: $label) {
    key
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  label
  last4
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  label
  last4
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const SigningSecretDocument = new TypedDocumentString(`
    query SigningSecret($id: ID!) {
  project(id: $id) {
    id
    signingSecret
  }
}
    `) as unknown as TypedDocumentString<SigningSecretQuery, SigningSecretQueryVariables>;
export const RotateSigningSecretDocument = new TypedDocumentString(`
    mutation RotateSigningSecret($projectId: ID!) {
  rotateSigningSecret(projectId: $projectId) {
    id
    signingSecret
  }
}
    `) as unknown as TypedDocumentString<RotateSigningSecretMutation, RotateSigningSecretMutationVariables>;
export const SetAlertWebhookDocument = new TypedDocumentString(`
    mutation SetAlertWebhook($id: ID!, $alertWebhookUrl: String) {
  updateProject(id: $id, input: {alertWebhookUrl: $alertWebhookUrl}) {
    id
    alertWebhookUrl
  }
}
    `) as unknown as TypedDocumentString<SetAlertWebhookMutation, SetAlertWebhookMutationVariables>;
export const ScheduleListDocument = new TypedDocumentString(`
    query ScheduleList($projectId: ID, $paused: Boolean, $page: Int, $limit: Int) {
  schedules(projectId: $projectId, paused: $paused, page: $page, limit: $limit) {
    schedules {
      ...ScheduleRow
    }
    pagination {
      total
      page
      limit
      totalPages
    }
  }
}
    fragment ScheduleRow on Schedule {
  id
  projectId
  name
  cron
  every
  timezone
  title
  webhookUrl
  paused
  nextRunAt
  lastRunAt
  createdAt
}`) as unknown as TypedDocumentString<ScheduleListQuery, ScheduleListQueryVariables>;
export const ScheduleDetailDocument = new TypedDocumentString(`
    query ScheduleDetail($id: ID!) {
  schedule(id: $id) {
    ...ScheduleRow
    payload
    startAt
    endAt
    catchUp
    updatedAt
    nextRuns(count: 5)
  }
}
    fragment ScheduleRow on Schedule {
  id
  projectId
  name
  cron
  every
  timezone
  title
  webhookUrl
  paused
  nextRunAt
  lastRunAt
  createdAt
}`) as unknown as TypedDocumentString<ScheduleDetailQuery, ScheduleDetailQueryVariables>;
export const ScheduleRunsDocument = new TypedDocumentString(`
    query ScheduleRuns($scheduleId: ID!, $page: Int, $limit: Int) {
  jobs(scheduleId: $scheduleId, page: $page, limit: $limit) {
    jobs {
      ...JobRow
    }
    pagination {
      total
      page
      limit
      totalPages
    }
  }
}
    fragment JobRow on Job {
  id
  projectId
  title
  webhookUrl
  fireAt
  status
  retryCount
  createdAt
  updatedAt
  scheduleId
  scheduledFor
  labels
  replayOf
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<ScheduleRunsQuery, ScheduleRunsQueryVariables>;
export const ScheduleNameDocument = new TypedDocumentString(`
    query ScheduleName($id: ID!) {
  schedule(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ScheduleNameQuery, ScheduleNameQueryVariables>;
export const SchedulePreviewDocument = new TypedDocumentString(`
    query SchedulePreview($cron: String, $every: String, $timezone: String, $startAt: DateTime, $endAt: DateTime, $count: Int) {
  schedulePreview(
    cron: $cron
    every: $every
    timezone: $timezone
    startAt: $startAt
    endAt: $endAt
    count: $count
  )
}
    `) as unknown as TypedDocumentString<SchedulePreviewQuery, SchedulePreviewQueryVariables>;
export const CreateScheduleDocument = new TypedDocumentString(`
    mutation CreateSchedule($input: CreateScheduleInput!) {
  createSchedule(input: $input) {
    ...ScheduleRow
  }
}
    fragment ScheduleRow on Schedule {
  id
  projectId
  name
  cron
  every
  timezone
  title
  webhookUrl
  paused
  nextRunAt
  lastRunAt
  createdAt
}`) as unknown as TypedDocumentString<CreateScheduleMutation, CreateScheduleMutationVariables>;
export const PauseScheduleDocument = new TypedDocumentString(`
    mutation PauseSchedule($id: ID!) {
  pauseSchedule(id: $id) {
    ...ScheduleRow
  }
}
    fragment ScheduleRow on Schedule {
  id
  projectId
  name
  cron
  every
  timezone
  title
  webhookUrl
  paused
  nextRunAt
  lastRunAt
  createdAt
}`) as unknown as TypedDocumentString<PauseScheduleMutation, PauseScheduleMutationVariables>;
export const ResumeScheduleDocument = new TypedDocumentString(`
    mutation ResumeSchedule($id: ID!) {
  resumeSchedule(id: $id) {
    ...ScheduleRow
  }
}
    fragment ScheduleRow on Schedule {
  id
  projectId
  name
  cron
  every
  timezone
  title
  webhookUrl
  paused
  nextRunAt
  lastRunAt
  createdAt
}`) as unknown as TypedDocumentString<ResumeScheduleMutation, ResumeScheduleMutationVariables>;
export const DeleteScheduleDocument = new TypedDocumentString(`
    mutation DeleteSchedule($id: ID!) {
  deleteSchedule(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<DeleteScheduleMutation, DeleteScheduleMutationVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($email: String!, $password: String!) {
  register(email: $email, password: $password) {
    token
    user {
      id
      email
    }
  }
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    user {
      id
      email
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;