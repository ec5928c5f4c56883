/**
 * The job lifecycle: one list of states and one transition table. Every status change in
 * the code is checked against it and written as a conditional UPDATE on the old status.
 */
export const JOB_STATUSES = ['SCHEDULED', 'FIRING', 'SUCCESS', 'FAILED', 'DEAD', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  SCHEDULED: ['FIRING', 'CANCELLED'],
  FIRING: ['SUCCESS', 'FAILED'],
  // FAILED is momentary: the same write that records the failure re-arms the job or buries it.
  FAILED: ['SCHEDULED', 'DEAD'],
  SUCCESS: [],
  DEAD: [],
  CANCELLED: [],
};

export const TERMINAL_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((s) => TRANSITIONS[s].length === 0);

export const isJobStatus = (value: unknown): value is JobStatus => JOB_STATUSES.includes(value as JobStatus);

/** Throws when a code path tries a status change the lifecycle does not allow. */
export function assertPath(path: readonly JobStatus[]): void {
  for (let i = 1; i < path.length; i++) {
    if (!TRANSITIONS[path[i - 1]].includes(path[i])) {
      throw new Error(`illegal job transition ${path[i - 1]} → ${path[i]}`);
    }
  }
}

/** One published status change (CONTRACT §5 JobStatusEvent, without the loaded job). */
export interface JobStatusChange {
  jobId: string;
  projectId: string;
  /** The schedule the job is a run of, for streams that follow one schedule. */
  scheduleId: string | null;
  status: JobStatus;
  previousStatus: JobStatus | null;
  retryCount: number;
  at: Date;
}

/** The status changes a multi-step path produces, in order. */
export function changesAlong(
  path: readonly JobStatus[],
  job: { id: string; projectId: string; scheduleId: string | null; retryCount: number },
  at: Date,
  retryCountAfter = job.retryCount,
): JobStatusChange[] {
  assertPath(path);
  return path.slice(1).map((status, i) => ({
    jobId: job.id,
    projectId: job.projectId,
    scheduleId: job.scheduleId,
    status,
    previousStatus: path[i],
    retryCount: i === path.length - 2 ? retryCountAfter : job.retryCount,
    at,
  }));
}

/**
 * A SCHEDULED job changed without changing status (edited, moved, run now): published with
 * status and previousStatus both SCHEDULED, so live views pick up its new time and fields.
 */
export const editedChange = (job: { id: string; projectId: string; scheduleId: string | null; retryCount: number; updatedAt: Date }): JobStatusChange => ({
  jobId: job.id, projectId: job.projectId, scheduleId: job.scheduleId, status: 'SCHEDULED', previousStatus: 'SCHEDULED', retryCount: job.retryCount, at: job.updatedAt,
});

/** The first event of a job: it exists and is SCHEDULED (no previous status). */
export const createdChange = (job: { id: string; projectId: string; scheduleId: string | null; createdAt: Date }): JobStatusChange => ({
  jobId: job.id, projectId: job.projectId, scheduleId: job.scheduleId, status: 'SCHEDULED', previousStatus: null, retryCount: 0, at: job.createdAt,
});
