import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../generated/graphql';
import { useSession } from '../session/session-context';
import { ApiError } from './graphql-client';

export interface QueryState<Result> {
  data: Result | undefined;
  error: ApiError | undefined;
  /** True until the first answer for these variables, and again while refetching. */
  loading: boolean;
  /** Asks again, keeping the data shown meanwhile (live updates refetch without flicker). */
  refetch(): void;
}

interface Answer<Result> {
  key: string;
  data?: Result;
  error?: ApiError;
}

/** Runs a typed query whenever its variables change; the latest answer wins. */
export function useQuery<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables: Variables): QueryState<Result> {
  const { request } = useSession();
  const key = JSON.stringify(variables);
  const [generation, setGeneration] = useState(0);
  const [answer, setAnswer] = useState<Answer<Result> | undefined>();
  const askedFor = `${key}#${generation}`;

  useEffect(() => {
    const controller = new AbortController();
    request(document, JSON.parse(key) as Variables, controller.signal).then(
      (data) => setAnswer({ key: askedFor, data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiError ? error : new ApiError(String(error), 'network');
        setAnswer((previous) => ({ key: askedFor, data: previous?.key.startsWith(`${key}#`) ? previous.data : undefined, error: failure }));
      },
    );
    return () => controller.abort();
  }, [request, document, key, askedFor]);

  const refetch = useCallback(() => setGeneration((n) => n + 1), []);
  // Data of the same variables stays on screen while a refetch is in flight.
  const sameVariables = answer?.key.startsWith(`${key}#`) ?? false;
  return {
    data: sameVariables ? answer!.data : undefined,
    error: answer?.key === askedFor ? answer.error : undefined,
    loading: answer?.key !== askedFor,
    refetch,
  };
}

export interface MutationState<Result, Variables> {
  run(variables: Variables): Promise<Result>;
  pending: boolean;
  error: ApiError | undefined;
  reset(): void;
}

/** A typed mutation: `run` resolves with the data or rejects with an ApiError (also kept in `error`). */
export function useMutation<Result, Variables>(document: TypedDocumentString<Result, Variables>): MutationState<Result, Variables> {
  const { request } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = useCallback(
    async (variables: Variables) => {
      setPending(true);
      setError(undefined);
      try {
        return await request(document, variables);
      } catch (caught) {
        const failure = caught instanceof ApiError ? caught : new ApiError(String(caught), 'network');
        setError(failure);
        throw failure;
      } finally {
        setPending(false);
      }
    },
    [request, document],
  );
  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
