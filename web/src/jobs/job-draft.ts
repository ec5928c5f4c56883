import { toUtcInput } from '../format/time';
import type { JobDetailQuery, RetryInput, ScheduleJobInput, UpdateJobInput } from '../generated/graphql';
import { recordOf, repeatedKey, rowsOf, sameRecord, type KeyValueRow } from './key-value-rows';

/** When a job fires: at a UTC time, or a delay from the moment the form is sent. */
export interface DueTime {
  mode: 'at' | 'delay';
  fireAt: string;
  delay: string;
}

/** The delivery options as typed; an empty text means "the server's default". */
export interface DeliveryDraft {
  maxAttempts: string;
  /** Durations separated by commas or spaces: `10s, 1m, 5m`. */
  retryDelays: string;
  maxDelay: string;
  timeout: string;
  headers: KeyValueRow[];
  expiresAt: string;
}

/** What the job forms (new job, edit a scheduled one) hold, as text: the API judges it. */
export interface JobDraft {
  title: string;
  webhookUrl: string;
  due: DueTime;
  labels: KeyValueRow[];
  delivery: DeliveryDraft;
}

type JobDetail = NonNullable<JobDetailQuery['job']>;

/** A new job's form: due at the next whole minute five minutes from now, no options. */
export function blankDraft(now = Date.now()): JobDraft {
  return {
    title: '',
    webhookUrl: '',
    due: { mode: 'at', fireAt: toUtcInput(new Date(Math.ceil((now + 5 * 60_000) / 60_000) * 60_000)), delay: '' },
    labels: [],
    delivery: { maxAttempts: '', retryDelays: '', maxDelay: '', timeout: '', headers: [], expiresAt: '' },
  };
}

/**
 * A scheduled job's form, filled in with what it has now. The API shows the options in
 * effect (the server's defaults filled in), so those are what the edit form starts from.
 */
export function draftOf(job: JobDetail): JobDraft {
  return {
    title: job.title,
    webhookUrl: job.webhookUrl,
    due: { mode: 'at', fireAt: toUtcInput(new Date(job.fireAt)), delay: '' },
    labels: rowsOf(job.labels),
    delivery: {
      maxAttempts: String(job.retry.maxAttempts),
      retryDelays: job.retry.delays.join(', '),
      maxDelay: job.retry.maxDelay,
      timeout: job.timeout,
      headers: rowsOf(job.headers),
      expiresAt: job.expiresAt ? toUtcInput(new Date(job.expiresAt)) : '',
    },
  };
}

/**
 * What the browser has to refuse itself, by the API's field names: what GraphQL could not
 * even carry (a number of attempts that is not a number, a key given twice). The rest is
 * sent as typed, for the API to judge.
 */
export function draftProblems(draft: JobDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const attempts = draft.delivery.maxAttempts.trim();
  if (attempts && !/^\d+$/.test(attempts)) problems['retry.maxAttempts'] = 'Enter a whole number of attempts.';
  const label = repeatedKey(draft.labels);
  if (label !== undefined) problems[`labels.${label}`] = `The label “${label}” is given twice.`;
  const header = repeatedKey(draft.delivery.headers);
  if (header !== undefined) problems[`headers.${header}`] = `The header “${header}” is given twice.`;
  return problems;
}

const durations = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const optional = (text: string) => text.trim() || undefined;

function retryOf(delivery: DeliveryDraft): RetryInput | undefined {
  const retry: RetryInput = {};
  if (delivery.maxAttempts.trim()) retry.maxAttempts = Number(delivery.maxAttempts);
  if (durations(delivery.retryDelays).length) retry.delays = durations(delivery.retryDelays);
  if (delivery.maxDelay.trim()) retry.maxDelay = delivery.maxDelay.trim();
  return Object.keys(retry).length ? retry : undefined;
}

/** The due time as the API takes it: exactly one of fireAt and delay, sent as typed. */
function dueOf(due: DueTime): { fireAt: string } | { delay: string } {
  return due.mode === 'delay' ? { delay: due.delay.trim() } : { fireAt: due.fireAt.trim() };
}

/** scheduleJob's input; options left empty are left out, so the server's defaults apply. */
export function scheduleInput(draft: JobDraft, payload: Record<string, unknown>): Omit<ScheduleJobInput, 'projectId'> {
  const labels = recordOf(draft.labels);
  const headers = recordOf(draft.delivery.headers);
  return {
    title: draft.title,
    webhookUrl: draft.webhookUrl,
    ...dueOf(draft.due),
    payload,
    labels: Object.keys(labels).length ? labels : undefined,
    retry: retryOf(draft.delivery),
    timeout: optional(draft.delivery.timeout),
    headers: Object.keys(headers).length ? headers : undefined,
    expiresAt: optional(draft.delivery.expiresAt),
  };
}

/**
 * updateJob's input: only what differs from the form's starting point. An option emptied
 * is sent as null (back to the server's default). Retry goes as a whole when any part of it
 * changed, since the API replaces all three parts together.
 */
export function changedInput(original: JobDraft, draft: JobDraft, payload: Record<string, unknown> | undefined): UpdateJobInput {
  const input: UpdateJobInput = {};
  if (draft.title !== original.title) input.title = draft.title;
  if (draft.webhookUrl !== original.webhookUrl) input.webhookUrl = draft.webhookUrl;
  if (draft.due.mode === 'delay' || draft.due.fireAt.trim() !== original.due.fireAt) Object.assign(input, dueOf(draft.due));
  if (payload) input.payload = payload;
  if (!sameRecord(recordOf(draft.labels), recordOf(original.labels))) input.labels = recordOf(draft.labels);
  const [was, now] = [original.delivery, draft.delivery];
  if (now.maxAttempts.trim() !== was.maxAttempts || durations(now.retryDelays).join() !== durations(was.retryDelays).join() || now.maxDelay.trim() !== was.maxDelay) {
    input.retry = retryOf(now) ?? null;
  }
  if (now.timeout.trim() !== was.timeout) input.timeout = optional(now.timeout) ?? null;
  const headers = recordOf(now.headers);
  if (!sameRecord(headers, recordOf(was.headers))) input.headers = Object.keys(headers).length ? headers : null;
  if (now.expiresAt.trim() !== was.expiresAt) input.expiresAt = optional(now.expiresAt) ?? null;
  return input;
}
