/**
 * State of a paged list (a feed with "load more"), as a pure reducer so every transition is
 * testable without a screen. `phase` describes the first page; `more` the pages after it.
 */
export interface PagedListState<T> {
  phase: 'loading' | 'ready' | 'error';
  items: T[];
  nextCursor: string | null;
  more: 'idle' | 'loading' | 'error';
  error: string | null;
  /** Set by each refresh, so that answers to an older request are ignored. */
  generation: number;
}

export type PagedListAction<T> =
  | { type: 'refresh'; generation: number }
  | { type: 'firstPage'; generation: number; items: T[]; nextCursor: string | null }
  | { type: 'firstPageFailed'; generation: number; message: string }
  | { type: 'loadMore' }
  | { type: 'morePage'; generation: number; items: T[]; nextCursor: string | null }
  | { type: 'moreFailed'; generation: number; message: string };

export function initialPagedList<T>(): PagedListState<T> {
  return { phase: 'loading', items: [], nextCursor: null, more: 'idle', error: null, generation: 0 };
}

export function pagedListReducer<T>(state: PagedListState<T>, action: PagedListAction<T>): PagedListState<T> {
  switch (action.type) {
    case 'refresh':
      // Keep what is on screen while refreshing; only a first load shows the skeleton.
      return {
        ...state,
        phase: state.items.length ? state.phase : 'loading',
        more: 'idle',
        error: null,
        generation: action.generation,
      };
    case 'firstPage':
      if (action.generation !== state.generation) return state;
      return { ...state, phase: 'ready', items: action.items, nextCursor: action.nextCursor, error: null };
    case 'firstPageFailed':
      if (action.generation !== state.generation) return state;
      return { ...state, phase: state.items.length ? 'ready' : 'error', error: action.message };
    case 'loadMore':
      if (state.phase !== 'ready' || state.more === 'loading' || state.nextCursor === null) return state;
      return { ...state, more: 'loading' };
    case 'morePage':
      if (action.generation !== state.generation) return state;
      return {
        ...state,
        items: [...state.items, ...action.items],
        nextCursor: action.nextCursor,
        more: 'idle',
      };
    case 'moreFailed':
      if (action.generation !== state.generation) return state;
      return { ...state, more: 'error', error: action.message };
  }
}

export function canLoadMore<T>(state: PagedListState<T>): boolean {
  return state.phase === 'ready' && state.more !== 'loading' && state.nextCursor !== null;
}
