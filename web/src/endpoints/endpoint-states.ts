import type { EndpointState } from '../generated/graphql';

/** Each breaker state in words: the state is never told by colour alone. */
export const ENDPOINT_STATES: Record<EndpointState, { label: string; meaning: string }> = {
  CLOSED: { label: 'Closed', meaning: 'Delivering as its limits allow.' },
  OPEN: { label: 'Open', meaning: 'The circuit breaker holds every attempt until its probe time.' },
  HALF_OPEN: { label: 'Half-open', meaning: 'One probe attempt at a time; a success closes the breaker.' },
  PAUSED: { label: 'Paused', meaning: 'Held by hand: nothing is sent until it is resumed.' },
};
