import type { CatchUp } from '../generated/graphql';

/** The catch-up policies in the order the form offers them, the API's default first. */
export const CATCH_UP_POLICIES: Array<{ value: CatchUp; label: string; description: string }> = [
  { value: 'LATEST', label: 'Latest', description: 'Run the most recent missed occurrence once, then carry on.' },
  { value: 'NONE', label: 'None', description: 'Skip what was missed; wait for the next occurrence.' },
  { value: 'ALL', label: 'All', description: 'Run every missed occurrence (at most 100), then carry on.' },
];

export const catchUpLabel = (value: CatchUp) => CATCH_UP_POLICIES.find((policy) => policy.value === value)?.label ?? value;
