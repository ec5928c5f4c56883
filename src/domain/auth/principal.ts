import type { Role } from '../members/roles.js';
import type { Scope } from '../members/scopes.js';

/**
 * Who is calling: a logged-in user (the projects they are a member of) or one project's
 * API key (with its scopes). `role`, set by `Access.authorize`, is the least role the
 * current operation needs: the user then reaches only the projects where they have it.
 */
export type Principal = (
  | { kind: 'user'; userId: string; sessionId: string; role?: Role }
  | { kind: 'apiKey'; userId: string; projectId: string; apiKeyId: string; label: string; scopes: readonly Scope[] }
) & {
  /** When the credential stops working (epoch ms); live connections resting on it close then. */
  expiresAt?: number;
  /** The address the current request came from (for the audit log). */
  ip?: string;
};

/** The id a credential is revoked by: the API key's or the session's. */
export const credentialOf = (principal: Principal): string => (principal.kind === 'apiKey' ? principal.apiKeyId : principal.sessionId);
