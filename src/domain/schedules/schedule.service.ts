import { badInput, notFound } from '../../errors.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { EndpointRegistry } from '../endpoints/endpoint-registry.js';
import { parseDeliveryOptions, parseHeaders, parseLabels, parseRetry, parseTimeout, type DeliveryDefaults } from '../jobs/delivery-options.js';
import type { Principal } from '../auth/principal.js';
import type { JobEventPublisher } from '../jobs/job-events.js';
import { changesAlong } from '../jobs/job-status.js';
import type { JobRecord } from '../jobs/job.store.js';
import { optionalId } from '../jobs/job.service.js';
import { narrowedTo, targetProject, visibleTo } from '../projects/project-scope.js';
import { isUuid, parseBoundedInt, parsePayload, parseTargetUrl, parseTitle } from '../validation.js';
import { nextOccurrences, occurrenceFrom } from './occurrences.js';
import type { SchedulePlanner } from './schedule-planner.js';
import {
  checkTiming,
  parseCatchUp,
  parseOptionalInstant,
  parseScheduleName,
  parseTimezone,
  timingOf,
  type TimingColumns,
} from './schedule-rules.js';
import type { ScheduleFields, ScheduleRecord, ScheduleStore } from './schedule.store.js';

/** What createSchedule / updateSchedule take; on update, absent (undefined) means unchanged and null clears. */
export interface ScheduleInput {
  projectId?: unknown;
  name?: unknown;
  cron?: unknown;
  every?: unknown;
  timezone?: unknown;
  title?: unknown;
  webhookUrl?: unknown;
  payload?: unknown;
  startAt?: unknown;
  endAt?: unknown;
  paused?: unknown;
  catchUp?: unknown;
  /** The runs' delivery options and labels, as for a job. */
  retry?: unknown;
  timeout?: unknown;
  headers?: unknown;
  labels?: unknown;
}

export interface ScheduleListQuery {
  projectId?: unknown;
  paused?: unknown;
  page?: unknown;
  limit?: unknown;
}

export const MAX_PREVIEW_RUNS = 100;

/** Schedules for every transport: validation, tenancy, and planning their first runs at once. */
export class ScheduleService {
  constructor(
    private readonly store: ScheduleStore,
    private readonly planner: SchedulePlanner,
    private readonly events: JobEventPublisher,
    private readonly projectAccess: (principal: Principal, projectId: string) => Promise<boolean>,
    private readonly options: { checkTarget: (url: string) => string | null; defaults: DeliveryDefaults },
    private readonly endpoints: Pick<EndpointRegistry, 'idFor'>,
    private readonly audit: Pick<AuditLog, 'record'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The server's delivery defaults, which the runs' own options override. */
  get defaults(): DeliveryDefaults {
    return this.options.defaults;
  }

  async create(principal: Principal, input: ScheduleInput): Promise<ScheduleRecord> {
    const projectId = await targetProject(principal, input.projectId, this.projectAccess);
    const now = this.clock();
    const timezone = parseTimezone(input.timezone);
    const timing = checkTiming(
      { cron: input.cron, every: input.every, timezone, startAt: parseOptionalInstant(input.startAt, 'startAt'), endAt: parseOptionalInstant(input.endAt, 'endAt') },
      now,
    );
    const webhookUrl = parseTargetUrl(input.webhookUrl, this.options.checkTarget);
    const fields: ScheduleFields = {
      ...timing,
      name: parseScheduleName(input.name),
      title: parseTitle(input.title),
      webhookUrl,
      endpointId: await this.endpoints.idFor(projectId, webhookUrl),
      payload: parsePayload(input.payload).text,
      catchUp: parseCatchUp(input.catchUp),
      ...parseDeliveryOptions(input, this.options.defaults),
      labels: parseLabels(input.labels),
    };
    const paused = parseOptionalFlag(input.paused, 'paused') ?? false;
    const schedule = await this.store.insert(projectId, fields, paused, occurrenceFrom(timingOf(timing), now));
    await this.audit.record(principal, 'schedule.created', projectId, schedule.id, { name: schedule.name, paused });
    return this.planned(schedule);
  }

  /**
   * Changes what is given. A change of timing (cron, every, timezone, startAt, endAt) moves
   * the next run: occurrences are counted afresh from now. Runs already created are left as
   * they are.
   */
  async update(principal: Principal, id: string, input: ScheduleInput): Promise<ScheduleRecord> {
    const current = await this.get(principal, id);
    if (input.paused !== undefined) throw badInput('paused', 'paused is changed with pauseSchedule / resumeSchedule');
    const now = this.clock();
    const timingGiven = [input.cron, input.every, input.timezone, input.startAt, input.endAt].some((value) => value !== undefined);
    let timing: TimingColumns = current;
    if (timingGiven) {
      const switchesTo = (value: unknown) => value !== undefined && value !== null;
      const cron = input.cron !== undefined ? input.cron : switchesTo(input.every) ? null : current.cron;
      const every = input.every !== undefined ? input.every : switchesTo(input.cron) ? null : current.everyMs;
      const startAt = input.startAt !== undefined ? parseOptionalInstant(input.startAt, 'startAt') : current.startAt;
      const endAt = input.endAt !== undefined ? parseOptionalInstant(input.endAt, 'endAt') : current.endAt;
      const timezone = input.timezone !== undefined ? parseTimezone(input.timezone) : current.timezone;
      // An interval keeps counting from where it did, unless the interval or its start changed.
      const keepsAnchor = input.every === undefined && input.cron === undefined && input.startAt === undefined;
      timing = checkTiming({ cron, every, timezone, startAt, endAt, anchorAt: keepsAnchor ? current.anchorAt : null }, now);
    }
    const fields: ScheduleFields = {
      ...timing,
      name: input.name !== undefined ? parseScheduleName(input.name) : current.name,
      title: input.title !== undefined ? parseTitle(input.title) : current.title,
      webhookUrl: input.webhookUrl !== undefined ? parseTargetUrl(input.webhookUrl, this.options.checkTarget) : current.webhookUrl,
      endpointId: current.endpointId,
      payload: input.payload !== undefined ? parsePayload(input.payload).text : current.payload,
      catchUp: input.catchUp !== undefined ? parseCatchUp(input.catchUp) : current.catchUp,
      ...(input.retry !== undefined ? parseRetry(input.retry) : { maxAttempts: current.maxAttempts, retryDelaysMs: current.retryDelaysMs, retryMaxDelayMs: current.retryMaxDelayMs }),
      timeoutMs: input.timeout !== undefined ? parseTimeout(input.timeout, this.options.defaults.deliveryTimeoutMs) : current.timeoutMs,
      headers: input.headers !== undefined ? parseHeaders(input.headers) : current.headers,
      labels: input.labels !== undefined ? parseLabels(input.labels) : current.labels,
    };
    if (fields.webhookUrl !== current.webhookUrl) fields.endpointId = await this.endpoints.idFor(current.projectId, fields.webhookUrl);
    const updated = await this.store.update(current.id, current.projectId, fields, timingGiven ? occurrenceFrom(timingOf(timing), now) : undefined);
    if (!updated) throw notFound('Schedule');
    // Which fields changed, not their values: a URL or header may carry a credential.
    await this.audit.record(principal, 'schedule.updated', updated.projectId, updated.id, { name: updated.name, fields: givenFields(input) });
    return timingGiven ? this.planned(updated) : updated;
  }

  /** Pauses: no new runs, and the runs already planned but not started are cancelled. */
  async pause(principal: Principal, id: string): Promise<ScheduleRecord> {
    const current = await this.get(principal, id);
    const result = await this.store.setPaused(current.id, current.projectId, true);
    if (!result) throw notFound('Schedule');
    await this.audit.record(principal, 'schedule.paused', current.projectId, current.id, { name: current.name });
    this.publishCancelled(result.cancelled);
    return result.schedule;
  }

  /** Resumes: occurrences missed while paused follow the schedule's catchUp policy. */
  async resume(principal: Principal, id: string): Promise<ScheduleRecord> {
    const current = await this.get(principal, id);
    const result = await this.store.setPaused(current.id, current.projectId, false);
    if (!result) throw notFound('Schedule');
    await this.audit.record(principal, 'schedule.resumed', current.projectId, current.id, { name: current.name });
    return this.planned(result.schedule);
  }

  /** Deletes the schedule: no run happens any more; its jobs keep their history. Returns it as it was. */
  async delete(principal: Principal, id: string): Promise<ScheduleRecord> {
    const current = await this.get(principal, id);
    const result = await this.store.delete(current.id, current.projectId);
    if (!result) throw notFound('Schedule');
    await this.audit.record(principal, 'schedule.deleted', current.projectId, current.id, { name: current.name });
    this.publishCancelled(result.cancelled);
    return result.schedule;
  }

  async find(principal: Principal, id: string): Promise<ScheduleRecord | null> {
    if (!isUuid(id)) return null;
    return this.store.find(id, visibleTo(principal, 's.project_id'));
  }

  async get(principal: Principal, id: string): Promise<ScheduleRecord> {
    const schedule = await this.find(principal, id);
    if (!schedule) throw notFound('Schedule');
    return schedule;
  }

  async list(principal: Principal, query: ScheduleListQuery) {
    const page = parseBoundedInt(query.page, 'page', 1, 1, 1_000_000);
    const limit = parseBoundedInt(query.limit, 'limit', 20, 1, 100);
    const paused = parseOptionalFlag(query.paused, 'paused');
    const scope = narrowedTo(visibleTo(principal, 's.project_id'), 's.project_id', optionalId(query.projectId));
    const { rows, total } = await this.store.list(scope, paused, limit, (page - 1) * limit);
    return { schedules: rows, pagination: { total, page, limit, totalPages: Math.ceil(total / limit) } };
  }

  /** When the next run is due: the first occurrence from now; null while paused or once it has no more. */
  nextRunAt(schedule: ScheduleRecord): Date | null {
    return schedule.paused ? null : occurrenceFrom(timingOf(schedule), this.clock());
  }

  /** The next `count` occurrences from now (whether or not paused): a preview. */
  nextRuns(schedule: ScheduleRecord, count: unknown, field = 'count'): Date[] {
    const n = parseBoundedInt(count, field, 5, 1, MAX_PREVIEW_RUNS);
    return nextOccurrences(timingOf(schedule), new Date(this.clock().getTime() - 1), n);
  }

  /**
   * The next `count` runs a schedule with this timing would have, without creating it: the
   * dashboard's live preview. Invalid input is refused exactly as createSchedule would.
   */
  preview(input: Pick<ScheduleInput, 'cron' | 'every' | 'timezone' | 'startAt' | 'endAt'>, count: unknown): Date[] {
    const now = this.clock();
    const timing = checkTiming(
      { cron: input.cron, every: input.every, timezone: parseTimezone(input.timezone), startAt: parseOptionalInstant(input.startAt, 'startAt'), endAt: parseOptionalInstant(input.endAt, 'endAt') },
      now,
    );
    return nextOccurrences(timingOf(timing), new Date(now.getTime() - 1), parseBoundedInt(count, 'count', 5, 1, MAX_PREVIEW_RUNS));
  }

  /** Plans the schedule's due runs now, then reads it back (its lastRunAt may have moved). */
  private async planned(schedule: ScheduleRecord): Promise<ScheduleRecord> {
    if ((await this.planner.planSchedule(schedule)) === 0) return schedule;
    return (await this.store.find(schedule.id, { sql: 's.project_id = ?', params: [schedule.projectId] })) ?? schedule;
  }

  private publishCancelled(jobs: JobRecord[]): void {
    this.events.publish(jobs.flatMap((job) => changesAlong(['SCHEDULED', 'CANCELLED'], job, job.updatedAt)));
  }
}

/** An optional boolean: a real boolean, or (from a query string) "true" / "false". */
function parseOptionalFlag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw badInput(field, `${field} must be true or false`);
}

/** The names of the fields an input gives (for the audit log). */
const givenFields = (input: object): string[] => Object.entries(input).filter(([name, value]) => value !== undefined && name !== 'projectId').map(([name]) => name);
