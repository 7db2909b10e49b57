import { useCallback, useEffect, useRef, useState } from 'react';
import type { PayOrder } from '../../../shared/schemas/payments';
import { errorMessage } from '../../api/http';
import { getPayOrder } from '../../api/payments';

/** Waits between checks after paying: quick at first (a payment is usually confirmed in seconds). */
export const POLL_DELAYS_MS = [1000, 1500, 2000, 2000, 3000, 3000, 5000];
/** How long to keep checking before asking the donor to check again themselves. */
export const POLL_FOR_MS = 120_000;

export type PayOrderState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | {
      status: 'ready';
      order: PayOrder;
      /** Checking again and again until WeChat Pay's answer arrives (after paying). */
      checking: boolean;
      /** Checked for `pollForMs` and the order is still unpaid. */
      gaveUp: boolean;
      /** The last check failed (what is on screen may be out of date). */
      checkError: string | null;
    };

/** Is the order's story over: paid (perhaps refunded since) or closed. */
export const settled = (order: PayOrder) => order.status !== 'created';

/**
 * One order of the donor's, loaded on mount; `watch()` (after paying) checks it again and again
 * until it is paid or closed, or `pollForMs` has passed; `refresh()` checks once.
 */
export function usePayOrder(
  orderId: string,
  { watchFirst = false, delays = POLL_DELAYS_MS, pollForMs = POLL_FOR_MS } = {},
) {
  const [state, setState] = useState<PayOrderState>({ status: 'loading' });
  const [run, setRun] = useState({ n: 0, watch: watchFirst });
  // Fixed at mount: new option objects on each render restart nothing.
  const [timing] = useState({ delays, pollForMs });
  // Whether an order is on screen: a failed check then leaves it there and checks again.
  const shownRef = useRef(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    let round = 0;
    const check = async () => {
      try {
        const order = await getPayOrder(orderId);
        if (stopped) return;
        shownRef.current = true;
        const more = run.watch && !settled(order) && Date.now() - started < timing.pollForMs;
        setState({
          status: 'ready',
          order,
          checking: more,
          gaveUp: run.watch && !more && !settled(order),
          checkError: null,
        });
        if (!more) return;
      } catch (e) {
        if (stopped) return;
        const message = errorMessage(e);
        const more = run.watch && Date.now() - started < timing.pollForMs;
        setState((s) =>
          s.status === 'ready'
            ? { ...s, checking: more, gaveUp: run.watch && !more, checkError: message }
            : { status: 'error', message },
        );
        // Nothing on screen yet: the error panel offers 重新加载.
        if (!more || !shownRef.current) return;
      }
      const waits = timing.delays;
      timer = setTimeout(() => void check(), waits[Math.min(round++, waits.length - 1)]);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [orderId, run, timing]);

  /** Put an answer on screen (from 模拟支付), then keep checking while it is unsettled. */
  const show = useCallback((order: PayOrder) => {
    shownRef.current = true;
    setState({ status: 'ready', order, checking: !settled(order), gaveUp: false, checkError: null });
    if (!settled(order)) setRun((r) => ({ n: r.n + 1, watch: true }));
  }, []);
  const watch = useCallback(() => {
    setState((s) => (s.status === 'ready' ? { ...s, checking: true, gaveUp: false } : s));
    setRun((r) => ({ n: r.n + 1, watch: true }));
  }, []);
  const refresh = useCallback(() => {
    setState((s) => (s.status === 'error' ? { status: 'loading' } : s));
    setRun((r) => ({ n: r.n + 1, watch: false }));
  }, []);
  return { state, watch, refresh, show };
}
