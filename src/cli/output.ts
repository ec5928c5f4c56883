import type { DeliveryLog, Job, JobStatus, JobStatusEvent, JobWithLogs, ListedJob } from '../client/index.js';

/** Where a command writes; a TTY that colours unless NO_COLOR is set. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  readonly colour: boolean;
}

export function terminalOutput(): Output {
  const noColour = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    colour: Boolean(process.stdout.isTTY) && !noColour,
  };
}

const LAMP_COLOURS: Record<JobStatus, number> = {
  SCHEDULED: 34, // blue
  FIRING: 33, // yellow
  SUCCESS: 32, // green
  FAILED: 31, // red
  DEAD: 35, // magenta
  CANCELLED: 90, // grey
};

/** `● SUCCESS`, the lamp coloured by status when colour is on. */
export function lamp(status: JobStatus, colour: boolean): string {
  const label = status.padEnd(9);
  return colour ? `\u001b[${LAMP_COLOURS[status]}m●\u001b[0m ${label}` : `● ${label}`;
}

/** The time of day of an ISO timestamp, UTC: `09:30:00.004Z`. */
const timeOfDay = (iso: string): string => iso.slice(11);

/** Which attempt an event is about: the one being sent or ended, or the retry armed. */
export function attemptOf(event: Pick<JobStatusEvent, 'status' | 'previousStatus' | 'retryCount'>): string {
  if (event.status === 'SCHEDULED') return event.previousStatus === 'FAILED' ? `retry ${event.retryCount} armed` : 'created';
  if (event.status === 'CANCELLED') return '';
  if (event.status === 'DEAD') return `after ${event.retryCount + 1} attempts`;
  return `attempt ${event.retryCount + 1}`;
}

export function eventLine(event: JobStatusEvent, colour: boolean): string {
  return [timeOfDay(event.at), lamp(event.status, colour), attemptOf(event).padEnd(18), event.jobId, JSON.stringify(event.job.title)].join('  ');
}

export function jobLine(job: Job | ListedJob, colour: boolean): string {
  return [lamp(job.status, colour), job.id, job.fireAt, JSON.stringify(job.title)].join('  ');
}

export function jobDetails(job: JobWithLogs, colour: boolean): string[] {
  const lines = [
    `${lamp(job.status, colour)} ${job.id}`,
    `  title        ${job.title}`,
    `  project      ${job.project.name} (${job.projectId})`,
    `  webhook      ${job.webhookUrl}`,
    `  fire at      ${job.fireAt}`,
    `  retries      ${job.retryCount} of ${job.retry.maxAttempts - 1} (delays ${job.retry.delays.join(', ')})`,
    `  payload      ${JSON.stringify(job.payload)}`,
  ];
  if (Object.keys(job.labels).length) lines.push(`  labels       ${Object.entries(job.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (job.scheduleId) lines.push(`  schedule     ${job.scheduleId} (${job.scheduledFor})`);
  if (job.replayOf) lines.push(`  replay of    ${job.replayOf}`);
  lines.push('', job.logs.length ? 'Delivery log (newest first):' : 'Delivery log: no attempt yet');
  for (const log of job.logs) lines.push(`  ${logLine(log)}`);
  return lines;
}

function logLine(log: DeliveryLog): string {
  const outcome = log.status === 'SUCCESS' ? 'SUCCESS' : 'FAILED ';
  const code = log.responseCode === null ? '---' : String(log.responseCode);
  return [`#${log.attempt}`, log.firedAt, outcome, code, `${log.durationMs} ms`, log.error ?? ''].join('  ').trimEnd();
}
