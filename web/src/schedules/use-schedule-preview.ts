import { useEffect, useState } from 'react';
import { ApiError } from '../api/graphql-client';
import { SchedulePreviewDocument, type SchedulePreviewQueryVariables } from '../generated/graphql';
import { useSession } from '../session/session-context';

/** The timing being typed; blank optional values are left out by the caller. */
export type PreviewTiming = Omit<SchedulePreviewQueryVariables, 'count'>;

/** The fields whose messages come from the preview while the form is being filled in. */
export const TIMING_FIELDS = ['cron', 'every', 'timezone', 'startAt', 'endAt'] as const;

export const PREVIEW_RUNS = 5;
/** Quiet time after the last keystroke before the API is asked: one request per pause, not per key. */
export const PREVIEW_DEBOUNCE_MS = 300;

interface Answer {
  key: string;
  /** The zone the runs were computed for, so they are shown in it while a new answer is on its way. */
  timezone: string;
  runs?: string[];
  error?: ApiError;
}

export interface PreviewState {
  /** The runs of the latest answer: for an earlier timing while `pending`, so nothing flickers. */
  runs: string[] | undefined;
  runsZone: string;
  /** The latest answer's refusal (its `fieldErrors` name the field), kept while `pending` too. */
  error: ApiError | undefined;
  /** True while the current timing has no answer yet. */
  pending: boolean;
}

/**
 * The next runs of a timing as the API computes them (schedulePreview), asked again a
 * moment after each change. The browser computes no dates itself: the API's cron library,
 * zone data and validation are the ones that will run the schedule, so what the preview
 * shows is what will happen, and its errors are exactly the ones creating it would give.
 * `timing` null means there is nothing to ask about yet (the expression is still empty).
 */
export function useSchedulePreview(timing: PreviewTiming | null): PreviewState {
  const { request } = useSession();
  const key = timing ? JSON.stringify(timing) : '';
  const [answer, setAnswer] = useState<Answer | undefined>();

  useEffect(() => {
    if (!key) return;
    const variables = JSON.parse(key) as PreviewTiming;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const timezone = variables.timezone ?? 'UTC';
      request(SchedulePreviewDocument, { ...variables, count: PREVIEW_RUNS }, controller.signal).then(
        ({ schedulePreview }) => setAnswer({ key, timezone, runs: schedulePreview }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setAnswer({ key, timezone, error: error instanceof ApiError ? error : new ApiError(String(error), 'network') });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, request]);

  const shown = key ? answer : undefined;
  return { runs: shown?.runs, runsZone: shown?.timezone ?? 'UTC', error: shown?.error, pending: Boolean(key) && answer?.key !== key };
}
