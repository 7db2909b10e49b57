import { useRef } from 'react';
import { newIdempotencyKey } from '../../api/claims';
import { keepKeyAfter } from '../../donor/lib/claim-terms';

/**
 * One Idempotency-Key per intended submission: the same key for retries of it (after a network
 * error or a 5xx nobody knows whether the entry was made, and the server answers a repeat with the
 * entry it already has), a new one once the server answered, or when what is being sent changes.
 */
export function useSubmissionKey() {
  const key = useRef<string | null>(null);
  return {
    /** The key to send now. */
    take: (): string => (key.current ??= newIdempotencyKey()),
    /** After an answer: keep the key only when the request's fate is unknown. */
    settle: (error?: unknown) => {
      if (error === undefined || !keepKeyAfter(error)) key.current = null;
    },
    /** The form changed: the next tap is a new submission. */
    reset: () => {
      key.current = null;
    },
  };
}
