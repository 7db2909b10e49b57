import { useCallback, useEffect, useReducer, useRef } from 'react';
import { errorMessage } from '../api/http';
import { canLoadMore, initialPagedList, pagedListReducer, type PagedListState } from './paged-list';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A paged list fetched through `fetchPage(cursor)`: first page on mount, refresh, load more. */
export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const [state, dispatch] = useReducer(pagedListReducer<T>, undefined, initialPagedList<T>);
  // Event handlers read the latest committed state through this ref.
  const stateRef = useRef<PagedListState<T>>(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const generationRef = useRef(0);
  const loadingMoreRef = useRef(false);

  const refresh = useCallback(async () => {
    const generation = ++generationRef.current;
    dispatch({ type: 'refresh', generation });
    try {
      const page = await fetchPage(undefined);
      dispatch({ type: 'firstPage', generation, ...page });
    } catch (e) {
      dispatch({ type: 'firstPageFailed', generation, message: errorMessage(e) });
    }
  }, [fetchPage]);

  const loadMore = useCallback(async () => {
    const current = stateRef.current;
    // Reach-bottom can fire several times before React re-renders: one request at a time.
    if (loadingMoreRef.current || !canLoadMore(current)) return;
    loadingMoreRef.current = true;
    const { generation, nextCursor } = current;
    dispatch({ type: 'loadMore' });
    try {
      const page = await fetchPage(nextCursor ?? undefined);
      dispatch({ type: 'morePage', generation, ...page });
    } catch (e) {
      dispatch({ type: 'moreFailed', generation, message: errorMessage(e) });
    } finally {
      loadingMoreRef.current = false;
    }
  }, [fetchPage]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { state, refresh, loadMore };
}
