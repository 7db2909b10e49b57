import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { subscriptionTemplates } from '../../api/notifications';

const isWeapp = process.env.TARO_ENV === 'weapp';

/** The subscription message templates to ask for at a claim or a payment — only in the mini-program. */
export function useSubscriptionTemplates(): string[] {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    if (!isWeapp) return;
    subscriptionTemplates().then(
      (r) => setIds(r.templateIds),
      () => undefined,
    );
  }, []);
  return ids;
}

/**
 * Asks to send these subscription messages. WeChat shows its dialog only inside the tap itself,
 * so call it before any await; its answer (or failure) never stops what the tap does.
 */
export function askSubscriptions(templates: string[]): Promise<unknown> {
  if (!isWeapp || !templates.length) return Promise.resolve();
  try {
    return Taro.requestSubscribeMessage({
      tmplIds: templates,
    } as Taro.requestSubscribeMessage.Option).catch(() => undefined);
  } catch {
    // An old base library without the API.
    return Promise.resolve();
  }
}
