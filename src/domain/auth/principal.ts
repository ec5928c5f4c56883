/** Who is calling: a logged-in user (all their projects) or one project's API key. */
export type Principal =
  | { kind: 'user'; userId: string; sessionId: string }
  | { kind: 'apiKey'; userId: string; projectId: string; apiKeyId: string };

/** The id a credential is revoked by: the API key's or the session's. */
export const credentialOf = (principal: Principal): string => (principal.kind === 'apiKey' ? principal.apiKeyId : principal.sessionId);
