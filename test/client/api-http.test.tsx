import { describe, expect, it } from 'vitest';
import { fillPath, queryString } from '../../client/api/http';

// call() itself is exercised against the real server in the browser tests (test/e2e).
describe('query strings and paths', () => {
  it('skips undefined values and encodes the rest', () => {
    expect(queryString({ limit: 5, cursor: undefined, q: '小 棋&x' })).toBe(
      '?limit=5&q=%E5%B0%8F%20%E6%A3%8B%26x',
    );
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });

  it('fills path parameters, encoded', () => {
    expect(fillPath('/api/v1/wishes/:id/claims', { id: 'a/b' })).toBe('/api/v1/wishes/a%2Fb/claims');
  });
});
