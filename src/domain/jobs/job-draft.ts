import { badInput } from '../../errors.js';
import { sha256 } from '../auth/tokens.js';
import { parseDurationInput, parseFireAt, parsePayload, parseTargetUrl, parseTitle } from '../validation.js';
import { parseDeliveryOptions, parseLabels, type DeliveryDefaults } from './delivery-options.js';
import type { NewJob } from './job.store.js';

/** What scheduleJob (one, or one item of a batch) takes. */
export interface ScheduleJobInput {
  title?: unknown;
  webhookUrl?: unknown;
  fireAt?: unknown;
  /** Instead of fireAt: how long from now (`90s`, `15m`, `2h`, `1d` or milliseconds). */
  delay?: unknown;
  payload?: unknown;
  projectId?: unknown;
  retry?: unknown;
  timeout?: unknown;
  headers?: unknown;
  expiresAt?: unknown;
  labels?: unknown;
  idempotencyKey?: unknown;
}

export interface DraftContext {
  projectId: string;
  now: number;
  defaults: DeliveryDefaults;
  /** Why a webhook URL may not be called (the address guard), or null. */
  checkTarget: (url: string) => string | null;
}

/** The longest `delay`: ten years. */
const MAX_DELAY_MS = 3_650 * 86_400_000;

/**
 * The due time: exactly one of `fireAt` (UTC, in the future) and `delay` (from now). With
 * `pastAllowed` an already past fireAt is let through (a repeat of an idempotent request,
 * which answers with the job the first one created).
 */
export function parseDueTime(input: { fireAt?: unknown; delay?: unknown }, now: number, pastAllowed = false): Date {
  const hasDelay = input.delay !== undefined && input.delay !== null;
  if (hasDelay && input.fireAt !== undefined && input.fireAt !== null) throw badInput('delay', 'give either fireAt or delay, not both');
  if (hasDelay) return new Date(now + parseDurationInput(input.delay, 'delay', 1, MAX_DELAY_MS));
  return parseFireAt(input.fireAt, pastAllowed ? Number.NEGATIVE_INFINITY : now);
}

/** An optional expiresAt: in the future, and after the job is due. */
export function parseExpiresAt(value: unknown, dueAt: Date, now: number): Date | null {
  if (value === undefined || value === null) return null;
  const expiresAt = parseFireAt(value, now, 'expiresAt');
  if (expiresAt.getTime() <= dueAt.getTime()) throw badInput('expiresAt', 'expiresAt must be after the time the job is due');
  return expiresAt;
}

/**
 * A new job from its input, validated field by field (the first bad one is reported), and
 * (`withHash`) the hash idempotency keys compare: of the request as given (a `delay` counts
 * as the delay, not the time it works out to, so that a retried request hashes alike).
 */
export function draftJob(input: ScheduleJobInput, ctx: DraftContext, opts: { pastAllowed?: boolean; withHash?: boolean } = {}): { job: NewJob; requestHash: string } {
  const title = parseTitle(input.title);
  const webhookUrl = parseTargetUrl(input.webhookUrl, ctx.checkTarget);
  const fireAt = parseDueTime(input, ctx.now, opts.pastAllowed);
  const payload = parsePayload(input.payload);
  const options = parseDeliveryOptions(input, ctx.defaults);
  const expiresAt = parseExpiresAt(input.expiresAt, fireAt, opts.pastAllowed ? Number.NEGATIVE_INFINITY : ctx.now);
  const labels = parseLabels(input.labels);
  const when = input.delay !== undefined && input.delay !== null ? { delay: String(input.delay) } : { fireAt: fireAt.toISOString() };
  const requestHash = opts.withHash ? sha256(JSON.stringify([title, webhookUrl, when, payload.value, options, expiresAt?.toISOString() ?? null, labels])) : '';
  return { job: { projectId: ctx.projectId, title, webhookUrl, payload: payload.text, fireAt, options, expiresAt, labels, replayOf: null }, requestHash };
}
