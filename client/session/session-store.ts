import { useSyncExternalStore } from 'react';
import type { Me, Session } from '../../shared/schemas/auth';
import * as auth from '../api/auth';
import { ApiError } from '../api/http';
import { clearToken, readToken, saveToken } from './token';

/**
 * Who is logged in, shared by every page: `unknown` until checked, then `anonymous` or `signedIn`.
 * A small external store (not a React context) because Taro pages mount independently.
 */
export type SessionState = { status: 'unknown' } | { status: 'anonymous' } | { status: 'signedIn'; me: Me };

let state: SessionState = { status: 'unknown' };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const l of listeners) l();
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** Checks the stored token with the server (once per app start, or after a change). */
export async function loadSession(): Promise<void> {
  if (!readToken()) return set({ status: 'anonymous' });
  try {
    set({ status: 'signedIn', me: await auth.getMe() });
  } catch (e) {
    // A network failure keeps the token for the next try; a refused one was cleared by the API layer.
    if (e instanceof ApiError && e.status === 401) set({ status: 'anonymous' });
    else throw e;
  }
}

export function signedIn(session: Session): void {
  saveToken(session.token);
  set({ status: 'signedIn', me: session.me });
}

/** Logs out here at once; if the server cannot be told now, the session still expires there. */
export async function signOut(): Promise<void> {
  await auth.logOut().catch(() => undefined);
  clearToken();
  set({ status: 'anonymous' });
}

export async function chooseOrg(orgId: string): Promise<void> {
  set({ status: 'signedIn', me: await auth.switchOrg(orgId) });
}
