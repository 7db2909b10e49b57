import { useState } from 'react';
import { errorMessage } from '../api/http';

/** One form submission at a time, with the server's message when it is refused. */
export function useSubmit(fallback = '提交失败，请稍后重试') {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorMessage(e, fallback));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
