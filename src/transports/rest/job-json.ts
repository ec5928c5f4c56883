import { describeHold } from '../../domain/endpoints/flow-control.js';
import { describeOptions, type DeliveryDefaults } from '../../domain/jobs/delivery-options.js';
import type { JobRecord } from '../../domain/jobs/job.store.js';

/**
 * The REST job object: the product's keys in their order (CONTRACT §4), then the §9
 * additions; timestamps as ISO with milliseconds. `retry`, `timeout` and `headers` are what
 * the job's attempts use: its own values, the server's defaults otherwise.
 */
export function jobJson(job: JobRecord, defaults: DeliveryDefaults) {
  const { retry, timeout, headers } = describeOptions(job, defaults);
  return {
    id: job.id,
    projectId: job.projectId,
    title: job.title,
    webhookUrl: job.webhookUrl,
    payload: JSON.parse(job.payload) as Record<string, unknown>,
    fireAt: job.fireAt.toISOString(),
    status: job.status,
    retryCount: job.retryCount,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    scheduleId: job.scheduleId,
    scheduledFor: job.scheduledFor?.toISOString() ?? null,
    retry,
    timeout,
    headers,
    expiresAt: job.expiresAt?.toISOString() ?? null,
    labels: job.labels,
    replayOf: job.replayOf,
    endpointId: job.endpointId,
    held: describeHold(job),
  };
}

export function jobWithProjectJson(job: JobRecord & { projectName: string }, defaults: DeliveryDefaults) {
  return { ...jobJson(job, defaults), project: { id: job.projectId, name: job.projectName } };
}

export function logJson(log: {
  id: string; attempt: number; status: string; responseCode: number | null; responseBody: string | null;
  firedAt: Date; durationMs: number; error: string | null;
}) {
  return {
    id: log.id,
    attempt: log.attempt,
    status: log.status,
    responseCode: log.responseCode,
    responseBody: log.responseBody,
    firedAt: log.firedAt.toISOString(),
    durationMs: log.durationMs,
    error: log.error,
  };
}

/** A log entry in the log lists: the job's log fields, with its job's id and title. */
export function logListJson(log: Parameters<typeof logJson>[0] & { jobId: string; jobTitle: string }) {
  const { id, ...rest } = logJson(log);
  return { id, jobId: log.jobId, jobTitle: log.jobTitle, ...rest };
}
