import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';

/** Calls `reload` when the person comes back to this page (not on its first showing). */
export function useReloadOnShow(reload: () => void): void {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) reload();
    shown.current = true;
  });
}
