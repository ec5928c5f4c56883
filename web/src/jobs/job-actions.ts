import type { JobStatus } from '../generated/graphql';

/**
 * Which actions the API allows in which status. Cancel, edit and run-now take a SCHEDULED
 * job (also one waiting for a retry); replay takes a finished one. The server decides in
 * the end (a job may start meanwhile): this only says which controls to offer.
 */
const FINISHED: readonly JobStatus[] = ['DEAD', 'SUCCESS', 'CANCELLED'];

export const canCancel = (job: { status: JobStatus }) => job.status === 'SCHEDULED';
export const canChange = canCancel;
export const canReplay = (job: { status: JobStatus }) => FINISHED.includes(job.status);
