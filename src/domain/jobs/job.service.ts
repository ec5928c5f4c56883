import { AppError, badInput, notFound } from '../../errors.js';
import { sha256 } from '../auth/tokens.js';
import type { Principal } from '../auth/principal.js';
import { isUuid, parseBoundedInt, parseFireAt, parseIdempotencyKey, parsePayload, parseTargetUrl, parseTitle } from '../validation.js';
import type { JobEventPublisher } from './job-events.js';
import { changesAlong, createdChange, isJobStatus, JOB_STATUSES, type JobStatus } from './job-status.js';
import { and, narrowedTo, NO_ID, targetProject, visibleTo } from '../projects/project-scope.js';
import type { JobRecord, JobStore } from './job.store.js';

/** Arms newly scheduled jobs for firing (implemented by the scheduler). */
export interface JobArmer {
  armNew(jobs: Array<{ id: string; dueAt: Date }>): Promise<void>;
}

export interface ScheduleJobInput {
  title?: unknown;
  webhookUrl?: unknown;
  fireAt?: unknown;
  payload?: unknown;
  projectId?: unknown;
}

export interface JobListQuery {
  status?: unknown;
  projectId?: unknown;
  scheduleId?: unknown;
  page?: unknown;
  limit?: unknown;
}

export const CANCEL_ONLY_SCHEDULED = 'Only scheduled jobs can be cancelled';

/** The one place jobs are scheduled, cancelled and read, for every transport. */
export class JobService {
  constructor(
    private readonly store: JobStore,
    private readonly armer: JobArmer,
    private readonly events: JobEventPublisher,
    private readonly projectAccess: (principal: Principal, projectId: string) => Promise<boolean>,
    private readonly options: {
      /** Why a webhook URL may not be called (address guard), or null. */
      checkTarget: (url: string) => string | null;
      idempotencyTtlMs: number;
    },
  ) {}

  /**
   * Schedules a job. With an idempotency key, a repeat of the same request returns the
   * job the first one created (even after its fireAt has passed, so a retried request
   * never fails where the first succeeded); the same key with a different request is a
   * conflict.
   */
  async schedule(principal: Principal, input: ScheduleJobInput, idempotencyKey?: string | null): Promise<JobRecord> {
    const projectId = await this.targetProject(principal, input.projectId);
    const title = parseTitle(input.title);
    const webhookUrl = parseTargetUrl(input.webhookUrl, this.options.checkTarget);
    // Only the format here: whether it must still be in the future depends on a replay.
    const fireAt = parseFireAt(input.fireAt, Number.NEGATIVE_INFINITY);
    const payload = parsePayload(input.payload);
    const job = { projectId, title, webhookUrl, payload, fireAt };

    if (idempotencyKey === undefined || idempotencyKey === null) {
      parseFireAt(fireAt);
      return this.created(await this.store.insert(job));
    }
    const key = parseIdempotencyKey(idempotencyKey);
    const requestHash = sha256(JSON.stringify([title, webhookUrl, fireAt.toISOString(), payload]));
    const remembered = await this.store.findIdempotent(projectId, key);
    if (remembered) return this.replay(remembered, requestHash, projectId);
    parseFireAt(fireAt);
    const result = await this.store.insertIdempotent(job, key, requestHash, this.options.idempotencyTtlMs);
    // A concurrent duplicate may have taken the key between the two reads.
    return 'existing' in result ? this.replay(result.existing, requestHash, projectId) : this.created(result.job);
  }

  private async created(job: JobRecord): Promise<JobRecord> {
    await this.announceCreated([job]);
    return job;
  }

  /** New jobs (scheduled here, or runs a schedule created) are published and armed for firing. */
  async announceCreated(jobs: JobRecord[]): Promise<void> {
    this.events.publish(jobs.map(createdChange));
    await this.armer.armNew(jobs.map((job) => ({ id: job.id, dueAt: job.fireAt })));
  }

  private async replay(remembered: { requestHash: string; jobId: string }, requestHash: string, projectId: string): Promise<JobRecord> {
    if (remembered.requestHash !== requestHash) {
      throw new AppError('IDEMPOTENCY_CONFLICT', 'Idempotency key was already used with a different request', 'idempotencyKey');
    }
    const original = await this.store.findInProjects(remembered.jobId, { sql: 'j.project_id = ?', params: [projectId] });
    if (!original) throw notFound('Job');
    return original;
  }

  async cancel(principal: Principal, id: string): Promise<JobRecord> {
    const existing = await this.find(principal, id);
    if (!existing) throw notFound('Job');
    const cancelled = await this.store.cancel(existing.id, existing.projectId);
    if (!cancelled) throw new AppError('BAD_USER_INPUT', CANCEL_ONLY_SCHEDULED);
    this.events.publish(changesAlong(['SCHEDULED', 'CANCELLED'], cancelled, cancelled.updatedAt));
    return cancelled;
  }

  /** The job with its project name, or null if it does not exist or is not the caller's. */
  async find(principal: Principal, id: string) {
    if (!isUuid(id)) return null;
    return this.store.findInProjects(id, visibleTo(principal, 'j.project_id'));
  }

  async get(principal: Principal, id: string) {
    const job = await this.find(principal, id);
    if (!job) throw notFound('Job');
    return job;
  }

  async logs(jobId: string) {
    return this.store.attempts(jobId);
  }

  async list(principal: Principal, query: JobListQuery) {
    const page = parseBoundedInt(query.page, 'page', 1, 1, 1_000_000);
    const limit = parseBoundedInt(query.limit, 'limit', 20, 1, 100);
    let status: JobStatus | undefined;
    if (query.status !== undefined && query.status !== null && query.status !== '') {
      if (!isJobStatus(query.status)) throw badInput('status', `status must be one of ${JOB_STATUSES.join(', ')}`);
      status = query.status;
    }
    // Another user's project lists as empty, exactly like an unknown one.
    let filter = narrowedTo(visibleTo(principal, 'j.project_id'), 'j.project_id', optionalId(query.projectId));
    if (status) filter = and(filter, 'j.status = ?', status);
    const scheduleId = optionalId(query.scheduleId);
    if (scheduleId !== undefined) filter = and(filter, 'j.schedule_id = ?', isUuid(scheduleId) ? scheduleId : NO_ID);
    const { rows, total } = await this.store.list(filter, limit, (page - 1) * limit);
    return { jobs: rows, pagination: { total, page, limit, totalPages: Math.ceil(total / limit) } };
  }

  private targetProject(principal: Principal, requested: unknown): Promise<string> {
    return targetProject(principal, requested, this.projectAccess);
  }
}

/** An optional id argument: absent, null and '' all mean "not given". */
export const optionalId = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));
