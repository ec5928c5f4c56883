/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type JobRowFragment = { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, project: { id: string, name: string } };

export type JobListQueryVariables = Exact<{
  status?: JobStatus | null | undefined;
  projectId?: string | number | null | undefined;
  page?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type JobListQuery = { jobs: { jobs: Array<{ id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, project: { id: string, name: string } }>, pagination: { total: number, page: number, limit: number, totalPages: number } } };

export type JobDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type JobDetailQuery = { job: { payload: Record<string, unknown>, id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, logs: Array<{ id: string, attempt: number, status: string, responseCode: number | null, responseBody: string | null, firedAt: string, durationMs: number, error: string | null }>, project: { id: string, name: string } } | null };

export type ScheduleJobMutationVariables = Exact<{
  input: ScheduleJobInput;
}>;


export type ScheduleJobMutation = { scheduleJob: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, project: { id: string, name: string } } };

export type CancelJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelJobMutation = { cancelJob: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, project: { id: string, name: string } } };

export type LiveJobStatusSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveJobStatusSubscription = { jobStatusChanged: { jobId: string, projectId: string, status: JobStatus, previousStatus: JobStatus | null, retryCount: number, at: string, job: { id: string, projectId: string, title: string, webhookUrl: string, fireAt: string, status: JobStatus, retryCount: number, createdAt: string, updatedAt: string, project: { id: string, name: string } } } };

export type ApiKeyFieldsFragment = { id: string, label: string, last4: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null };

export type ProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectsQuery = { projects: Array<{ id: string, name: string, createdAt: string }> };

export type ProjectDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectDetailQuery = { project: { id: string, name: string, createdAt: string, apiKeys: Array<{ id: string, label: string, last4: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> } | null };

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
export const JobListDocument = new TypedDocumentString(`
    query JobList($status: JobStatus, $projectId: ID, $page: Int, $limit: Int) {
  jobs(status: $status, projectId: $projectId, page: $page, limit: $limit) {
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
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<JobListQuery, JobListQueryVariables>;
export const JobDetailDocument = new TypedDocumentString(`
    query JobDetail($id: ID!) {
  job(id: $id) {
    ...JobRow
    payload
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
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<JobDetailQuery, JobDetailQueryVariables>;
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
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<CancelJobMutation, CancelJobMutationVariables>;
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
  project {
    id
    name
  }
}`) as unknown as TypedDocumentString<LiveJobStatusSubscription, LiveJobStatusSubscriptionVariables>;
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
  project(id: $id) {
    id
    name
    createdAt
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
}`) as unknown as TypedDocumentString<ProjectDetailQuery, ProjectDetailQueryVariables>;
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