import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiError, requestGraphQL } from '../api/graphql-client';
import type { TypedDocumentString } from '../generated/graphql';
import { clearSession, loadSession, saveSession, type StoredSession } from './session-storage';

export interface Session {
  /** Null when signed out. */
  current: StoredSession | null;
  /** Why the last session ended, shown once on the sign-in page. */
  notice: string | null;
  signIn(session: StoredSession): void;
  signOut(notice?: string): void;
  /** A GraphQL request with this session's token; an UNAUTHENTICATED answer signs out. */
  request<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables: Variables, signal?: AbortSignal): Promise<Result>;
}

const SessionContext = createContext<Session | null>(null);

export const SESSION_ENDED = 'Your session has ended. Sign in again.';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<StoredSession | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = useCallback((session: StoredSession) => {
    saveSession(session);
    setNotice(null);
    setCurrent(session);
  }, []);

  const signOut = useCallback((why?: string) => {
    clearSession();
    setNotice(why ?? null);
    setCurrent(null);
  }, []);

  const token = current?.token ?? null;
  const request = useCallback(
    async <Result, Variables>(document: TypedDocumentString<Result, Variables>, variables: Variables, signal?: AbortSignal) => {
      try {
        return await requestGraphQL(document, variables, token, signal);
      } catch (error) {
        if (token && error instanceof ApiError && error.code === 'UNAUTHENTICATED') signOut(SESSION_ENDED);
        throw error;
      }
    },
    [token, signOut],
  );

  const value = useMemo(() => ({ current, notice, signIn, signOut, request }), [current, notice, signIn, signOut, request]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
