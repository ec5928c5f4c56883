/** `dispatch/client`: a typed client of the Dispatch service. */
export { DispatchClient, type DispatchClientOptions } from './client.js';
export { DispatchConnectionError, DispatchError } from './errors.js';
export type { RetryOptions } from './retry.js';
export type { JobSubscription, SubscribeOptions } from './subscription.js';
export * from './types.js';
