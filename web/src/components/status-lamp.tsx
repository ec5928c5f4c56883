import { useEffect, useState } from 'react';
import type { JobStatus } from '../generated/graphql';

/**
 * How long a failed attempt stays on the lamp. The server moves a FAILED job on to
 * SCHEDULED (retry armed) or DEAD in the same breath; without a pause nobody would see it.
 */
export const FAILED_DWELL_MS = 2_000;

const LABELS: Record<JobStatus, string> = {
  SCHEDULED: 'Scheduled',
  FIRING: 'Firing',
  SUCCESS: 'Success',
  FAILED: 'Failed',
  DEAD: 'Dead',
  CANCELLED: 'Cancelled',
};

export const statusLabel = (status: JobStatus) => LABELS[status];

/**
 * A job's status as a coloured light with its name (never colour alone). `failedAt` is when
 * the page last saw an attempt of this job fail; until the dwell is over the lamp shows
 * FAILED even though the job has already moved on to its retry.
 */
export function StatusLamp({ status, retryCount, failedAt }: { status: JobStatus; retryCount: number; failedAt?: number }) {
  const [now, setNow] = useState(() => Date.now());
  const failing = failedAt !== undefined && now - failedAt < FAILED_DWELL_MS && (status === 'SCHEDULED' || status === 'FIRING');

  useEffect(() => {
    if (failedAt === undefined) return;
    const left = failedAt + FAILED_DWELL_MS - Date.now();
    // `now` predates a new failure, so the lamp shows it at once; this ends the dwell.
    const timer = window.setTimeout(() => setNow(Date.now()), Math.max(0, left));
    return () => window.clearTimeout(timer);
  }, [failedAt]);

  const shown: JobStatus = failing ? 'FAILED' : status;
  return (
    <span className={`lamp lamp-${shown.toLowerCase()}`} data-status={shown}>
      <span className="lamp-light" aria-hidden="true" />
      <span className="lamp-label">{LABELS[shown]}</span>
      {retryCount > 0 && <span className="lamp-retry">retry {retryCount}</span>}
    </span>
  );
}
