import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { targetProject, visibleTo } from '../projects/project-scope.js';
import { isUuid, parseFireAt, parseIdempotencyKey } from '../validation.js';
import type { DeliveryDefaults } from './delivery-options.js';
import { draftJob, type DraftContext, type ScheduleJobInput } from './job-draft.js';
import type { JobEventPublisher } from './job-events.js';
import { changesAlong, createdChange } from './job-status.js';
import type { JobRecord, JobStore, NewJob } from './job.store.js';

/** Arms newly scheduled jobs for firing (implemented by the scheduler). */
export interface JobArmer {
  armNew(jobs: Array<{ id: string; dueAt: Date }>): Promise<void>;
}

/** Sets each new job's endpoint from its URL (EndpointRegistry). */
export interface EndpointAssigner {
  assign(jobs: Array<{ projectId: string; webhookUrl: string; endpointId?: string | null }>): Promise<void>;
}

export type { ScheduleJobInput };

export const CANCEL_ONLY_SCHEDULED = 'Only scheduled jobs can be cancelled';
/** scheduleJobs / POST /api/v1/jobs/batch take at most this many jobs. */
export const MAX_BATCH = 1_000;

export interface JobServiceOptions {
  /** Why a webhook URL may not be called (address guard), or null. */
  checkTarget: (url: string) => string | null;
  idempotencyTtlMs: number;
  /** The configuration's delivery defaults and ceilings (a job's options override them). */
  defaults: DeliveryDefaults;
}

/** The one place jobs are scheduled, cancelled and read, for every transport. */
export class JobService {
  constructor(
    private readonly store: JobStore,
    private readonly armer: JobArmer,
    private readonly events: JobEventPublisher,
    private readonly projectAccess: (principal: Principal, projectId: string) => Promise<boolean>,
    private readonly endpoints: EndpointAssigner,
    readonly options: JobServiceOptions,
  ) {}

  /**
   * Schedules a job. With an idempotency key, a repeat of the same request returns the
   * job the first one created (even after its fireAt has passed, so a retried request
   * never fails where the first succeeded); the same key with a different request is a
   * conflict.
   */
  async schedule(principal: Principal, input: ScheduleJobInput, idempotencyKey?: string | null): Promise<JobRecord> {
    const ctx = await this.draftContext(principal, input.projectId);
    if (idempotencyKey === undefined || idempotencyKey === null) return (await this.insertNew([draftJob(input, ctx).job]))[0];
    return this.insertOnce(draftJob(input, ctx, { pastAllowed: true, withHash: true }), parseIdempotencyKey(idempotencyKey), ctx.now);
  }

  /** Inserts new jobs (concurrent callers share statements) and announces them. */
  async insertNew(jobs: NewJob[]): Promise<JobRecord[]> {
    await this.endpoints.assign(jobs);
    const created = await Promise.all(jobs.map((job) => this.store.insert(job)));
    await this.announceCreated(created);
    return created;
  }

  /**
   * Inserts a drafted job under an idempotency key, or answers what the key already holds.
   * The draft may be due in the past only for a repeat: a new job must still be in the future.
   */
  async insertOnce(draft: { job: NewJob; requestHash: string }, key: string, now: number, opts: { mustBeFuture?: boolean } = {}): Promise<JobRecord> {
    const { job, requestHash } = draft;
    const remembered = await this.store.findIdempotent(job.projectId, key);
    if (remembered) return this.repeat(remembered, requestHash, job.projectId);
    if (opts.mustBeFuture !== false) requireFuture(job, now);
    await this.endpoints.assign([job]);
    const result = await this.store.insertIdempotent(job, key, requestHash, this.options.idempotencyTtlMs);
    if ('existing' in result) return this.repeat(result.existing, requestHash, job.projectId);
    // A concurrent duplicate may have taken the key between the two reads.
    await this.announceCreated([result.job]);
    return result.job;
  }

  /**
   * Schedules up to MAX_BATCH jobs at once: all are validated first (a 400 names the item's
   * index and field, e.g. `jobs[3].webhookUrl`, and nothing is created), then written in one
   * transaction; each item may carry its own idempotency key. Answers the jobs in input order.
   */
  async scheduleMany(principal: Principal, inputs: unknown, projectId: unknown, listName: string): Promise<JobRecord[]> {
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > MAX_BATCH) {
      throw new AppError('BAD_USER_INPUT', `${listName} must be a list of 1 to ${MAX_BATCH} jobs`, listName);
    }
    const ctx = await this.draftContext(principal, projectId);
    const items = inputs.map((input, i) =>
      atIndex(`${listName}[${i}]`, () => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AppError('BAD_USER_INPUT', 'must be a JSON object');
        const item = input as ScheduleJobInput;
        if (item.projectId !== undefined && item.projectId !== null && item.projectId !== ctx.projectId) {
          throw new AppError('BAD_USER_INPUT', 'projectId: every job of a batch must be in the same project', 'projectId');
        }
        const key = item.idempotencyKey === undefined || item.idempotencyKey === null ? undefined : parseIdempotencyKey(item.idempotencyKey);
        const draft = draftJob(item, ctx, { pastAllowed: key !== undefined, withHash: key !== undefined });
        return { ...draft, key };
      }),
    );
    await this.endpoints.assign(items.map((item) => item.job));
    const results = await this.store.insertBatch(items, this.options.idempotencyTtlMs, {
      conflict: (index) => new AppError('IDEMPOTENCY_CONFLICT', `${listName}[${index}]: idempotency key was already used with a different request`, `${listName}[${index}].idempotencyKey`),
      mustBeFuture: (index) => atIndex(`${listName}[${index}]`, () => requireFuture(items[index].job, ctx.now)),
    });
    await this.announceCreated(results.filter((result) => result.created).map((result) => result.job));
    return results.map((result) => result.job);
  }

  /** New jobs (scheduled here, replays, or runs a schedule created) are published and armed for firing. */
  async announceCreated(jobs: JobRecord[]): Promise<void> {
    if (jobs.length === 0) return;
    this.events.publish(jobs.map(createdChange));
    await this.armer.armNew(jobs.map((job) => ({ id: job.id, dueAt: job.fireAt })));
  }

  private async repeat(remembered: { requestHash: string; jobId: string }, requestHash: string, projectId: string): Promise<JobRecord> {
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

  /** What drafting a job in the target project needs. */
  async draftContext(principal: Principal, projectId: unknown): Promise<DraftContext> {
    // A batch often sends every job to the same few URLs: each is checked once.
    const verdicts = new Map<string, string | null>();
    const checkTarget = (url: string) => {
      if (!verdicts.has(url)) verdicts.set(url, this.options.checkTarget(url));
      return verdicts.get(url)!;
    };
    return { projectId: await targetProject(principal, projectId, this.projectAccess), now: Date.now(), defaults: this.options.defaults, checkTarget };
  }
}

/** A new job (not the repeat of an idempotent request) must be due, and expire, in the future. */
function requireFuture(job: NewJob, now: number): void {
  parseFireAt(job.fireAt, now);
  if (job.expiresAt) parseFireAt(job.expiresAt, now, 'expiresAt');
}

/** Runs `work`; a validation error it throws is re-thrown naming the item: `jobs[3].webhookUrl …`. */
function atIndex<T>(prefix: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'BAD_USER_INPUT') throw error;
    const field = error.field ? `${prefix}.${error.field}` : prefix;
    const message = error.field && error.message.startsWith(error.field) ? `${prefix}.${error.message}` : `${prefix}: ${error.message}`;
    throw new AppError('BAD_USER_INPUT', message, field);
  }
}

/** An optional id argument: absent, null and '' all mean "not given". */
export const optionalId = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));
