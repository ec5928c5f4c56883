import type { EndpointRowFragment, UpdateEndpointInput } from '../generated/graphql';

/** An endpoint's flow control as typed in its form: text, where empty means "no limit". */
export interface EndpointSettingsDraft {
  rateLimit: string;
  burst: string;
  parallelism: string;
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function draftOf(endpoint: Pick<EndpointRowFragment, 'rateLimit' | 'burst' | 'parallelism'>): EndpointSettingsDraft {
  return { rateLimit: text(endpoint.rateLimit), burst: text(endpoint.burst), parallelism: text(endpoint.parallelism) };
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)$/;
const WHOLE = /^-?\d+$/;

/**
 * What the browser refuses before asking: only text GraphQL could not carry as a number
 * (a Float for the rate, an Int for burst and parallelism). Ranges, and a burst without a
 * rate, are the API's to judge: its messages name the field.
 */
export function settingsProblems(draft: EndpointSettingsDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const rate = draft.rateLimit.trim();
  if (rate && !NUMBER.test(rate)) problems.rateLimit = 'Enter a number of deliveries per second, or leave it empty for no limit.';
  for (const field of ['burst', 'parallelism'] as const) {
    const value = draft[field].trim();
    if (value && !WHOLE.test(value)) problems[field] = 'Enter a whole number, or leave it empty for no limit.';
  }
  return problems;
}

/** The three limits as updateEndpoint takes them: an empty field clears its limit (null). */
export function settingsInput(draft: EndpointSettingsDraft): UpdateEndpointInput {
  const value = (field: keyof EndpointSettingsDraft) => (draft[field].trim() === '' ? null : Number(draft[field].trim()));
  return { rateLimit: value('rateLimit'), burst: value('burst'), parallelism: value('parallelism') };
}
