import { describe, expect, it } from 'vitest';
import {
  canLoadMore,
  initialPagedList,
  pagedListReducer,
  type PagedListState,
} from '../../client/hooks/paged-list';

type S = PagedListState<number>;
const run = (...actions: Parameters<typeof pagedListReducer<number>>[1][]): S =>
  actions.reduce<S>((s, a) => pagedListReducer(s, a), initialPagedList<number>());

describe('paged list state', () => {
  it('starts loading, then shows the first page', () => {
    const s = run(
      { type: 'refresh', generation: 1 },
      { type: 'firstPage', generation: 1, items: [1, 2], nextCursor: 'c' },
    );
    expect(s.phase).toBe('ready');
    expect(s.items).toEqual([1, 2]);
    expect(canLoadMore(s)).toBe(true);
  });

  it('shows the error state when the first page fails with nothing on screen', () => {
    const s = run(
      { type: 'refresh', generation: 1 },
      { type: 'firstPageFailed', generation: 1, message: '网络不好' },
    );
    expect(s.phase).toBe('error');
    expect(s.error).toBe('网络不好');
  });

  it('keeps the items on screen when a refresh fails', () => {
    const s = run(
      { type: 'refresh', generation: 1 },
      { type: 'firstPage', generation: 1, items: [1], nextCursor: null },
      { type: 'refresh', generation: 2 },
      { type: 'firstPageFailed', generation: 2, message: 'x' },
    );
    expect(s.phase).toBe('ready');
    expect(s.items).toEqual([1]);
  });

  it('appends the next page, and stops at the last one', () => {
    const s = run(
      { type: 'refresh', generation: 1 },
      { type: 'firstPage', generation: 1, items: [1, 2], nextCursor: 'c' },
      { type: 'loadMore' },
      { type: 'morePage', generation: 1, items: [3], nextCursor: null },
    );
    expect(s.items).toEqual([1, 2, 3]);
    expect(canLoadMore(s)).toBe(false);
  });

  it('ignores an answer that belongs to an older refresh', () => {
    const s = run(
      { type: 'refresh', generation: 1 },
      { type: 'refresh', generation: 2 },
      { type: 'firstPage', generation: 1, items: [9], nextCursor: null },
    );
    expect(s.phase).toBe('loading');
    expect(s.items).toEqual([]);
  });

  it('does not load more while loading more, or before the first page', () => {
    expect(canLoadMore(initialPagedList())).toBe(false);
    const loading = run(
      { type: 'refresh', generation: 1 },
      { type: 'firstPage', generation: 1, items: [1], nextCursor: 'c' },
      { type: 'loadMore' },
    );
    expect(loading.more).toBe('loading');
    expect(canLoadMore(loading)).toBe(false);
  });

  it('marks a failed "load more" so the footer can offer a retry', () => {
    const s = run(
      { type: 'refresh', generation: 1 },
      { type: 'firstPage', generation: 1, items: [1], nextCursor: 'c' },
      { type: 'loadMore' },
      { type: 'moreFailed', generation: 1, message: 'x' },
    );
    expect(s.more).toBe('error');
    expect(canLoadMore(s)).toBe(true);
  });
});
