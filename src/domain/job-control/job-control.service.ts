import { sha256 } from '../auth/tokens.js';
import type { Principal } from '../auth/principal.js';
import { AppError, badInput } from '../../errors.js';
import { parseHeaders, parseLabels, parseRetry, parseTimeout } from '../jobs/delivery-options.js';
import { parseDueTime, parseExpiresAt } from '../jobs/job-draft.js';
import { jobCondition, requireSomeCondition, type JobFilterInput } from '../jobs/job-filter.js';
import type { JobEventPublisher } from '../jobs/job-events.js';
import { changesAlong, editedChange } from '../jobs/job-status.js';
import type { JobArmer, JobService } from '../jobs/job.service.js';
import type { JobRecord } from '../jobs/job.store.js';
import { parseFireAt, parseIdempotencyKey, parsePayload, parseTargetUrl, parseTitle } from '../validation.js';
import { ALERT_LABEL } from '../alerts/alert.service.js';
import type { EndpointRegistry } from '../endpoints/endpoint-registry.js';
import { TERMINAL, type JobControlStore, type JobPatch } from './job-control.store.js';

export const CHANGE_ONLY_SCHEDULED = 'Only scheduled jobs can be changed';
export const RUN_ONLY_SCHEDULED = 'Only scheduled jobs can be run now';
export const REPLAY_ONLY_FINISHED = 'Only dead, successful or cancelled jobs can be replayed';
/** Jobs changed per statement in a bulk action: short transactions, no long lock. */
const BULK_BATCH = 1_000;

/** What updateJob / PATCH take; absent means unchanged, null clears an option (back to the default). */
export interface UpdateJobInput {
  title?: unknown;
  webhookUrl?: unknown;
  payload?: unknown;
  fireAt?: unknown;
  delay?: unknown;
  retry?: unknown;
  timeout?: unknown;
  headers?: unknown;
  expiresAt?: unknown;
  labels?: unknown;
}

export interface BulkResult {
  count: number;
  ids: string[];
}

/**
 * Everything done to a job after it was scheduled, besides cancel: edit and reschedule,
 * run now, replay, and the bulk forms of cancel and replay. Writes race the firing path as
 * cancel does (conditional on SCHEDULED); a moved job is armed again for its new time.
 */
export class JobControlService {
  constructor(
    private readonly store: JobControlStore,
    private readonly jobs: JobService,
    private readonly armer: JobArmer,
    private readonly events: JobEventPublisher,
    private readonly endpoints: Pick<EndpointRegistry, 'idFor' | 'assign'>,
  ) {}

  /** Changes a SCHEDULED job; the first field that is wrong is reported. A moved job fires at its new time only. */
  async update(principal: Principal, id: string, input: UpdateJobInput): Promise<JobRecord> {
    const existing = await this.jobs.get(principal, id);
    const now = Date.now();
    const { defaults, checkTarget } = this.jobs.options;
    const patch: JobPatch = {};
    if (input.title !== undefined) patch.title = parseTitle(input.title);
    if (input.webhookUrl !== undefined) {
      patch.webhookUrl = parseTargetUrl(input.webhookUrl, checkTarget);
      patch.endpointId = await this.endpoints.idFor(existing.projectId, patch.webhookUrl);
    }
    if (input.payload !== undefined) patch.payload = parsePayload(input.payload).text;
    if ((input.fireAt ?? null) !== null || (input.delay ?? null) !== null) patch.dueAt = parseDueTime(input, now);
    else if (input.fireAt === null) throw badInput('fireAt', 'fireAt cannot be cleared: give a new time, or a delay');
    if (input.retry !== undefined) Object.assign(patch, parseRetry(input.retry));
    if (input.timeout !== undefined) patch.timeoutMs = parseTimeout(input.timeout, defaults.deliveryTimeoutMs);
    if (input.headers !== undefined) patch.headers = parseHeaders(input.headers);
    if (input.labels !== undefined) patch.labels = parseLabels(input.labels);
    if (input.expiresAt !== undefined) patch.expiresAt = input.expiresAt === null ? null : parseExpiresAt(input.expiresAt, patch.dueAt ?? existing.fireAt, now);
    else if (patch.dueAt && existing.expiresAt && existing.expiresAt.getTime() <= patch.dueAt.getTime()) {
      throw badInput('fireAt', 'the new time is after the job expires (expiresAt): move expiresAt too');
    }
    const updated = await this.store.edit(existing.id, existing.projectId, patch);
    if (!updated) throw new AppError('BAD_USER_INPUT', CHANGE_ONLY_SCHEDULED);
    await this.armer.armNew([{ id: updated.id, dueAt: updated.dueAt }]);
    this.events.publish([editedChange(updated)]);
    return updated;
  }

  /** A SCHEDULED job (also one waiting between retries) fires at once. */
  async runNow(principal: Principal, id: string): Promise<JobRecord> {
    const existing = await this.jobs.get(principal, id);
    const job = await this.store.runNow(existing.id, existing.projectId);
    if (!job) throw new AppError('BAD_USER_INPUT', RUN_ONLY_SCHEDULED);
    this.events.publish([editedChange(job)]);
    await this.armer.armNew([{ id: job.id, dueAt: job.dueAt }]);
    return job;
  }

  /**
   * A new job with the same title, URL, payload, options and labels as a finished one,
   * `replayOf` it, due now or at `fireAt`. The original keeps its history and state.
   */
  async replay(principal: Principal, id: string, fireAt: unknown, idempotencyKey?: string | null): Promise<JobRecord> {
    const original = await this.jobs.get(principal, id);
    if (!TERMINAL.includes(original.status)) throw new AppError('BAD_USER_INPUT', REPLAY_ONLY_FINISHED);
    const now = Date.now();
    const due = fireAt === undefined || fireAt === null ? new Date(now) : parseFireAt(fireAt, now);
    const { maxAttempts, retryDelaysMs, retryMaxDelayMs, timeoutMs, headers } = original;
    const job = {
      projectId: original.projectId, title: original.title, webhookUrl: parseTargetUrl(original.webhookUrl, this.jobs.options.checkTarget),
      payload: original.payload, fireAt: due, options: { maxAttempts, retryDelaysMs, retryMaxDelayMs, timeoutMs, headers },
      expiresAt: null, labels: original.labels, replayOf: original.id,
    };
    if (idempotencyKey === undefined || idempotencyKey === null) return (await this.jobs.insertNew([job]))[0];
    const requestHash = sha256(JSON.stringify(['replay', original.id, fireAt === undefined || fireAt === null ? null : due.toISOString()]));
    return this.jobs.insertOnce({ job, requestHash }, parseIdempotencyKey(idempotencyKey), now, { mustBeFuture: false });
  }

  /** Cancels every SCHEDULED job the filter matches, BULK_BATCH at a time; a job that starts meanwhile is not cancelled. */
  async cancelMany(principal: Principal, filter: JobFilterInput): Promise<BulkResult> {
    requireSomeCondition(filter);
    return this.inBatches(jobCondition(principal, filter), ['SCHEDULED'], undefined, async (ids) => {
      const cancelled = await this.store.cancelIds(ids);
      this.events.publish(cancelled.flatMap((job) => changesAlong(['SCHEDULED', 'CANCELLED'], job, job.updatedAt)));
      return cancelled;
    });
  }

  /** Replays every finished job the filter matches that existed when the call began (never a replay made by the call itself). */
  async replayMany(principal: Principal, filter: JobFilterInput): Promise<BulkResult> {
    requireSomeCondition(filter);
    return this.inBatches(jobCondition(principal, filter), TERMINAL, new Date(), async (ids) => {
      const created = await this.store.replayIds(ids);
      await this.adoptEndpoints(created);
      await this.jobs.announceCreated(created);
      return created;
    });
  }

  /**
   * Replays copy their original's endpoint; one finished before endpoints existed has none,
   * and its replay gets the endpoint of its URL before it is armed (an alert keeps none).
   */
  private async adoptEndpoints(created: JobRecord[]): Promise<void> {
    const orphans = created.filter((job) => job.endpointId === null && job.labels[ALERT_LABEL] === undefined);
    if (orphans.length === 0) return;
    const drafts = orphans.map((job) => ({ projectId: job.projectId, webhookUrl: job.webhookUrl, endpointId: undefined as string | null | undefined }));
    await this.endpoints.assign(drafts);
    orphans.forEach((job, i) => (job.endpointId = drafts[i].endpointId ?? null));
    await this.store.setEndpoints(orphans.map((job) => ({ id: job.id, endpointId: job.endpointId })));
  }

  private async inBatches(
    where: ReturnType<typeof jobCondition>,
    statuses: readonly JobRecord['status'][],
    createdBefore: Date | undefined,
    act: (ids: string[]) => Promise<JobRecord[]>,
  ): Promise<BulkResult> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const batch = await this.store.nextBatch(where, statuses, after, BULK_BATCH, createdBefore);
      if (batch.length === 0) break;
      ids.push(...(await act(batch)).map((job) => job.id));
      after = batch[batch.length - 1];
      if (batch.length < BULK_BATCH) break;
    }
    return { count: ids.length, ids };
  }
}
