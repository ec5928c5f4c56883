import { useRef, useState } from 'react';
import type { TypedDocumentString } from '../generated/graphql';
import { useSession } from '../session/session-context';
import { ApiError } from './graphql-client';
import { useQuery } from './use-query';

/** The Relay shape of a page: its rows and where the next page starts. */
export interface CursorPage<Node> {
  edges: Array<{ cursor: string; node: Node }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface CursorPagesState<Node> {
  nodes: Node[];
  /** True until the first page arrives. */
  loading: boolean;
  error: ApiError | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the last page asked for did not come (the pages so far stay). */
  moreError: ApiError | undefined;
  /** Asks for the page after the last one shown; does nothing while one is on its way. */
  loadMore(): void;
  /** Starts again from the first page. */
  refetch(): void;
}

/**
 * A list that grows a page at a time (infinite scroll): the first page through useQuery,
 * each next one asked with the last page's endCursor and appended. New variables, or a
 * refetch, start again from the first page.
 */
export function useCursorPages<Result, Variables extends { after?: string | null }, Node>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  pageOf: (result: Result) => CursorPage<Node>,
): CursorPagesState<Node> {
  const { request } = useSession();
  const first = useQuery(document, variables);
  const firstPage = first.data ? pageOf(first.data) : undefined;
  // Pages after the first belong to the answer they continue: a new first page drops them.
  const [more, setMore] = useState<{ basis: unknown; pages: CursorPage<Node>[] }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | undefined>();
  const inFlight = useRef<unknown>(undefined);

  const pages = firstPage ? [firstPage, ...(more && more.basis === first.data ? more.pages : [])] : [];
  const last = pages.at(-1);
  const next = last?.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? undefined) : undefined;
  const basis = first.data;
  const key = JSON.stringify(variables);

  const loadMore = () => {
    if (next === undefined || inFlight.current === next) return;
    inFlight.current = next;
    setLoadingMore(true);
    setMoreError(undefined);
    request(document, { ...(JSON.parse(key) as Variables), after: next }).then(
      (result) => {
        setMore((previous) => ({ basis, pages: [...(previous && previous.basis === basis ? previous.pages : []), pageOf(result)] }));
      },
      (error: unknown) => setMoreError(error instanceof ApiError ? error : new ApiError(String(error), 'network')),
    ).finally(() => {
      inFlight.current = undefined;
      setLoadingMore(false);
    });
  };

  return {
    nodes: pages.flatMap((page) => page.edges.map((edge) => edge.node)),
    loading: !first.data && first.loading,
    error: first.error,
    hasMore: next !== undefined,
    loadingMore,
    moreError,
    loadMore,
    refetch: first.refetch,
  };
}
