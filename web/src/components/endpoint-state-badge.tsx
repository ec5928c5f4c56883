import type { EndpointState } from '../generated/graphql';
import { ENDPOINT_STATES } from '../endpoints/endpoint-states';

/** An endpoint's breaker state as a word and a light, with what it means. */
export function EndpointStateBadge({ state }: { state: EndpointState }) {
  const { label, meaning } = ENDPOINT_STATES[state];
  return (
    <span className={`endpoint-state endpoint-state-${state.toLowerCase()}`} data-state={state} title={meaning}>
      <span className="endpoint-state-light" aria-hidden="true" />
      {label}
    </span>
  );
}
