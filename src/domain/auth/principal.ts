/** Who is calling: a logged-in user (all their projects) or one project's API key. */
export type Principal =
  | { kind: 'user'; userId: string; sessionId: string }
  | { kind: 'apiKey'; userId: string; projectId: string; apiKeyId: string };
