/**
 * One way to call every operation of the permission table (src/domain/members/permissions.ts)
 * over GraphQL, and over REST and the WebSocket where it exists there: the role and scope
 * matrices and the fuzz test are generated from this table and PERMISSIONS together.
 */
import type { Operation } from '../../src/domain/members/permissions.js';
import { gqlText, rest } from './clients.js';
import { inMs } from './app.js';

/** A project with a live job, a schedule, an endpoint, and its owner's credentials. */
export interface Fixture {
  url: string;
  projectId: string;
  ownerToken: string;
  ownerKey: string;
  jobId: string;
  scheduleId: string;
  endpointId: string;
  /** A new SCHEDULED job of the project. */
  freshJob(): Promise<string>;
  /** A new CANCELLED job (replayable). */
  finishedJob(): Promise<string>;
  freshSchedule(): Promise<string>;
  freshApiKey(): Promise<string>;
  /** A newly registered user, VIEWER of the project when `member`. */
  freshUser(member: boolean): Promise<{ id: string; email: string }>;
  /** Makes an event happen on the subscription of this operation. */
  provoke(operation: 'jobStatusChanged' | 'endpointChanged'): Promise<void>;
}

export interface GraphQLCall {
  query: string;
  variables: Record<string, unknown>;
}

export interface RestCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** The credentials the route takes (writes: x-api-key; the seed's reads: a session). */
  auth: 'apiKey' | 'bearer' | 'either';
}

/** `self`: the user id of whoever calls (for leaving a project). */
export interface Invocation {
  graphql: (fx: Fixture, self: string | null) => Promise<GraphQLCall>;
  rest?: (fx: Fixture) => Promise<RestCall>;
  subscription?: (fx: Fixture) => GraphQLCall;
}

const RECEIVER = 'http://127.0.0.1:9/hook';
const jobInput = (fx: Fixture) => ({ title: 'matrix', webhookUrl: RECEIVER, fireAt: inMs(3_600_000), projectId: fx.projectId });
const scheduleInput = (fx: Fixture) => ({ projectId: fx.projectId, name: 'matrix', every: '1h', title: 'matrix', webhookUrl: RECEIVER });
const q = (query: string, variables: Record<string, unknown> = {}): GraphQLCall => ({ query, variables });

export const INVOCATIONS: Record<Operation, Invocation> = {
  projects: { graphql: async () => q('{ projects { id name } }') },
  project: { graphql: async (fx) => q('query ($id: ID!) { project(id: $id) { id name } }', { id: fx.projectId }) },
  members: { graphql: async (fx) => q('query ($id: ID!) { project(id: $id) { id members { role } } }', { id: fx.projectId }) },
  jobs: {
    graphql: async (fx) => q('query ($p: ID) { jobs(projectId: $p) { jobs { id } } }', { p: fx.projectId }),
    rest: async (fx) => ({ auth: 'bearer', method: 'GET', path: `/api/v1/jobs?projectId=${fx.projectId}` }),
  },
  job: {
    graphql: async (fx) => q('query ($id: ID!) { job(id: $id) { id } }', { id: fx.jobId }),
    rest: async (fx) => ({ auth: 'bearer', method: 'GET', path: `/api/v1/jobs/${fx.jobId}` }),
  },
  jobsConnection: { graphql: async (fx) => q('query ($p: ID) { jobsConnection(filter: { projectId: $p }) { edges { node { id } } } }', { p: fx.projectId }) },
  jobStatusChanged: {
    graphql: async (fx) => q('query ($id: ID!) { job(id: $id) { id } }', { id: fx.jobId }),
    subscription: (fx) => q('subscription ($p: ID) { jobStatusChanged(projectId: $p) { jobId status } }', { p: fx.projectId }),
  },
  deliveryLogs: {
    graphql: async (fx) => q('query ($p: ID) { deliveryLogs(projectId: $p) { edges { cursor } } }', { p: fx.projectId }),
    rest: async (fx) => ({ auth: 'bearer', method: 'GET', path: `/api/v1/jobs/${fx.jobId}/logs` }),
  },
  schedules: {
    graphql: async (fx) => q('query ($p: ID) { schedules(projectId: $p) { schedules { id } } }', { p: fx.projectId }),
    rest: async (fx) => ({ auth: 'either', method: 'GET', path: `/api/v1/schedules?projectId=${fx.projectId}` }),
  },
  schedule: {
    graphql: async (fx) => q('query ($id: ID!) { schedule(id: $id) { id } }', { id: fx.scheduleId }),
    rest: async (fx) => ({ auth: 'either', method: 'GET', path: `/api/v1/schedules/${fx.scheduleId}` }),
  },
  schedulePreview: { graphql: async () => q('{ schedulePreview(every: "1h", count: 2) }') },
  endpoints: {
    graphql: async (fx) => q('query ($p: ID!) { endpoints(projectId: $p) { id } }', { p: fx.projectId }),
    rest: async (fx) => ({ auth: 'either', method: 'GET', path: `/api/v1/endpoints?projectId=${fx.projectId}` }),
  },
  endpointChanged: {
    graphql: async (fx) => q('query ($p: ID!) { endpoints(projectId: $p) { id } }', { p: fx.projectId }),
    subscription: (fx) => q('subscription ($p: ID!) { endpointChanged(projectId: $p) { endpointId } }', { p: fx.projectId }),
  },
  scheduleJob: {
    graphql: async (fx) => q('mutation ($input: ScheduleJobInput!) { scheduleJob(input: $input) { id } }', { input: jobInput(fx) }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: '/api/v1/jobs', body: jobInput(fx) }),
  },
  scheduleJobs: {
    graphql: async (fx) => q('mutation ($inputs: [ScheduleJobInput!]!) { scheduleJobs(inputs: $inputs) { id } }', { inputs: [jobInput(fx)] }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: '/api/v1/jobs/batch', body: { jobs: [jobInput(fx)] } }),
  },
  cancelJob: {
    graphql: async (fx) => q('mutation ($id: ID!) { cancelJob(id: $id) { id } }', { id: await fx.freshJob() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'DELETE', path: `/api/v1/jobs/${await fx.freshJob()}` }),
  },
  updateJob: {
    graphql: async (fx) => q('mutation ($id: ID!) { updateJob(id: $id, input: { title: "changed" }) { id } }', { id: await fx.freshJob() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'PATCH', path: `/api/v1/jobs/${await fx.freshJob()}`, body: { title: 'changed' } }),
  },
  runJobNow: {
    graphql: async (fx) => q('mutation ($id: ID!) { runJobNow(id: $id) { id } }', { id: await fx.freshJob() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: `/api/v1/jobs/${await fx.freshJob()}/run` }),
  },
  replayJob: {
    graphql: async (fx) => q('mutation ($id: ID!) { replayJob(id: $id) { id } }', { id: await fx.finishedJob() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: `/api/v1/jobs/${await fx.finishedJob()}/replay` }),
  },
  cancelJobs: {
    graphql: async (fx) => q('mutation ($f: JobFilter!) { cancelJobs(filter: $f) { count } }', { f: { projectId: fx.projectId, ids: [await fx.freshJob()] } }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: '/api/v1/jobs/cancel', body: { ids: [await fx.freshJob()] } }),
  },
  replayJobs: {
    graphql: async (fx) => q('mutation ($f: JobFilter!) { replayJobs(filter: $f) { count } }', { f: { projectId: fx.projectId, ids: [await fx.finishedJob()] } }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: '/api/v1/jobs/replay', body: { ids: [await fx.finishedJob()] } }),
  },
  createSchedule: {
    graphql: async (fx) => q('mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }', { input: scheduleInput(fx) }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: '/api/v1/schedules', body: scheduleInput(fx) }),
  },
  updateSchedule: {
    graphql: async (fx) => q('mutation ($id: ID!) { updateSchedule(id: $id, input: { name: "changed" }) { id } }', { id: await fx.freshSchedule() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'PATCH', path: `/api/v1/schedules/${await fx.freshSchedule()}`, body: { name: 'changed' } }),
  },
  pauseSchedule: {
    graphql: async (fx) => q('mutation ($id: ID!) { pauseSchedule(id: $id) { id } }', { id: await fx.freshSchedule() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: `/api/v1/schedules/${await fx.freshSchedule()}/pause` }),
  },
  resumeSchedule: {
    graphql: async (fx) => q('mutation ($id: ID!) { resumeSchedule(id: $id) { id } }', { id: await fx.freshSchedule() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'POST', path: `/api/v1/schedules/${await fx.freshSchedule()}/resume` }),
  },
  deleteSchedule: {
    graphql: async (fx) => q('mutation ($id: ID!) { deleteSchedule(id: $id) { id } }', { id: await fx.freshSchedule() }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'DELETE', path: `/api/v1/schedules/${await fx.freshSchedule()}` }),
  },
  updateEndpoint: {
    graphql: async (fx) => q('mutation ($id: ID!) { updateEndpoint(id: $id, input: { paused: false }) { id } }', { id: fx.endpointId }),
    rest: async (fx) => ({ auth: 'apiKey', method: 'PATCH', path: `/api/v1/endpoints/${fx.endpointId}`, body: { paused: false } }),
  },
  apiKeys: { graphql: async (fx) => q('query ($id: ID!) { project(id: $id) { id apiKeys { id } } }', { id: fx.projectId }) },
  createApiKey: { graphql: async (fx) => q('mutation ($p: ID!) { createApiKey(projectId: $p, label: "matrix") { apiKey { id } } }', { p: fx.projectId }) },
  revokeApiKey: { graphql: async (fx) => q('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: await fx.freshApiKey() }) },
  signingSecret: { graphql: async (fx) => q('query ($id: ID!) { project(id: $id) { id signingSecret } }', { id: fx.projectId }) },
  rotateSigningSecret: { graphql: async (fx) => q('mutation ($p: ID!) { rotateSigningSecret(projectId: $p) { id } }', { p: fx.projectId }) },
  updateProject: { graphql: async (fx) => q('mutation ($id: ID!) { updateProject(id: $id, input: { name: "production" }) { id } }', { id: fx.projectId }) },
  addMember: {
    graphql: async (fx) => q('mutation ($p: ID!, $e: String!) { addMember(projectId: $p, email: $e, role: VIEWER) { role } }', { p: fx.projectId, e: (await fx.freshUser(false)).email }),
  },
  updateMember: {
    graphql: async (fx) => q('mutation ($p: ID!, $u: ID!) { updateMember(projectId: $p, userId: $u, role: DEVELOPER) { role } }', { p: fx.projectId, u: (await fx.freshUser(true)).id }),
  },
  removeMember: {
    graphql: async (fx) => q('mutation ($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) { role } }', { p: fx.projectId, u: (await fx.freshUser(true)).id }),
  },
  auditLog: { graphql: async (fx) => q('query ($p: ID!) { auditLog(projectId: $p, first: 5) { edges { node { action } } } }', { p: fx.projectId }) },
  leaveProject: {
    graphql: async (fx, self) => q('mutation ($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) { role } }', { p: fx.projectId, u: self ?? (await fx.freshUser(true)).id }),
  },
};

/** Builds the fixture: a registered owner with a project, a key, a job (and so an endpoint) and a schedule. */
export async function buildFixture(url: string, owner: { token: string; projectId: string; apiKey: string }): Promise<Fixture> {
  const key = { apiKey: owner.apiKey };
  const freshJob = async () => (await rest(url, 'POST', '/api/v1/jobs', { body: { title: 'fixture', webhookUrl: RECEIVER, fireAt: inMs(3_600_000) }, credentials: key })).body.data.id as string;
  const freshSchedule = async () =>
    (await rest(url, 'POST', '/api/v1/schedules', { body: { name: 'fixture', every: '1h', title: 'fixture', webhookUrl: RECEIVER }, credentials: key })).body.data.id as string;
  const jobId = await freshJob();
  const endpoints = await gqlText(url, 'query ($p: ID!) { endpoints(projectId: $p) { id } }', { p: owner.projectId }, { token: owner.token });
  let users = 0;
  const fx: Fixture = {
    url,
    projectId: owner.projectId,
    ownerToken: owner.token,
    ownerKey: owner.apiKey,
    jobId,
    scheduleId: await freshSchedule(),
    endpointId: endpoints.data.endpoints[0].id,
    freshJob,
    async finishedJob() {
      const id = await freshJob();
      await rest(url, 'DELETE', `/api/v1/jobs/${id}`, { credentials: key });
      return id;
    },
    freshSchedule,
    async freshApiKey() {
      const created = await gqlText(url, 'mutation ($p: ID!) { createApiKey(projectId: $p, label: "fresh") { apiKey { id } } }', { p: owner.projectId }, { token: owner.token });
      return created.data.createApiKey.apiKey.id;
    },
    async freshUser(member) {
      const email = `fresh${Date.now()}${users++}@example.com`;
      const registered = await gqlText(url, 'mutation ($e: String!) { register(email: $e, password: "correct horse battery") { user { id } } }', { e: email });
      const id = registered.data.register.user.id as string;
      if (member) await addMember(url, owner, email, 'VIEWER');
      return { id, email };
    },
    async provoke(operation) {
      if (operation === 'jobStatusChanged') await rest(url, 'DELETE', `/api/v1/jobs/${await freshJob()}`, { credentials: key });
      else await rest(url, 'PATCH', `/api/v1/endpoints/${fx.endpointId}`, { body: { paused: false }, credentials: key });
    },
  };
  return fx;
}

export async function addMember(url: string, owner: { token: string; projectId: string }, email: string, role: string): Promise<void> {
  const result = await gqlText(url, `mutation ($p: ID!, $e: String!) { addMember(projectId: $p, email: $e, role: ${role}) { role } }`, { p: owner.projectId, e: email }, { token: owner.token });
  if (result.errors) throw new Error(`addMember failed: ${JSON.stringify(result.errors)}`);
}
