import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/http';

export type Loaded<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/** Loads `fetch()` on mount and on `reload()`; for short lists that need no paging. */
export function useLoad<T>(fetch: () => Promise<T>) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stale = false;
    fetch().then(
      (data) => !stale && setState({ status: 'ready', data }),
      (e: unknown) => !stale && setState({ status: 'error', message: errorMessage(e) }),
    );
    return () => {
      stale = true;
    };
  }, [fetch, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
