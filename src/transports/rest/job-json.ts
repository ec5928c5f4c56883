import type { JobRecord } from '../../domain/jobs/job.store.js';

/** The REST job object (CONTRACT §4, then the §9 additions): fixed key order, timestamps as ISO with milliseconds. */
export function jobJson(job: JobRecord) {
  return {
    id: job.id,
    projectId: job.projectId,
    title: job.title,
    webhookUrl: job.webhookUrl,
    payload: job.payload,
    fireAt: job.fireAt.toISOString(),
    status: job.status,
    retryCount: job.retryCount,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    scheduleId: job.scheduleId,
    scheduledFor: job.scheduledFor?.toISOString() ?? null,
  };
}

export function jobWithProjectJson(job: JobRecord & { projectName: string }) {
  return { ...jobJson(job), project: { id: job.projectId, name: job.projectName } };
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
