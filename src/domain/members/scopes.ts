import { badInput } from '../../errors.js';

/** What an API key may be allowed to do; a key holds some of these. */
export const SCOPES = ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'endpoints:read', 'endpoints:write', 'logs:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** A key created without scopes gets these: everything a key could do before keys had scopes. */
export const DEFAULT_SCOPES: readonly Scope[] = SCOPES;

const isScope = (value: unknown): value is Scope => (SCOPES as readonly unknown[]).includes(value);

/** The scopes asked for at key creation (null or absent: the defaults), each known, without repeats. */
export function parseScopes(value: unknown): Scope[] {
  if (value === undefined || value === null) return [...DEFAULT_SCOPES];
  if (!Array.isArray(value)) throw badInput('scopes', 'scopes must be a list of scope names');
  const unknown = value.find((scope) => !isScope(scope));
  if (unknown !== undefined) throw badInput('scopes', `scopes: unknown scope ${JSON.stringify(unknown)}; known: ${SCOPES.join(', ')}`);
  if (value.length === 0) throw badInput('scopes', 'scopes must name at least one scope');
  return SCOPES.filter((scope) => value.includes(scope));
}
