import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { Notification } from '../../../shared/schemas/notifications';
import { errorMessage } from '../../api/http';
import { listNotifications, markRead } from '../../api/notifications';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { when } from '../lib/claim-view';
import { openLink } from '../lib/open-link';
import { useNow } from '../lib/use-now';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../donor.scss';

/** 消息: what happened to my claims (and, for staff, to the wishes they look after). */
export default function InboxPage() {
  const fetchPage = useCallback((cursor: string | undefined) => listNotifications({ cursor }), []);
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  // Read here before the list is fetched again.
  const [readIds, setReadIds] = useState<ReadonlySet<string>>(new Set());
  const [allRead, setAllRead] = useState(false);
  const now = useNow(60_000);

  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => void refresh());

  const isRead = (n: Notification) => n.read || allRead || readIds.has(n.id);
  const unread = state.items.filter((n) => !isRead(n)).length;

  const open = (n: Notification) => {
    if (!isRead(n)) {
      setReadIds((s) => new Set(s).add(n.id));
      void markRead({ ids: [n.id] }).catch(() => undefined);
    }
    if (n.link) openLink(n.link);
  };
  const readAll = async () => {
    try {
      await markRead({ all: true });
      setAllRead(true);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e, '没能标记，请稍后再试'), icon: 'none' });
    }
  };

  return (
    <View className="dn-page">
      {state.phase === 'ready' && state.items.length > 0 && (
        <View className="dn-inbox-bar">
          <Text className="dn-inbox-bar__count">{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
          {unread > 0 && (
            <Text className="dn-inbox-bar__action" data-testid="read-all" onClick={() => void readAll()}>
              全部已读
            </Text>
          )}
        </View>
      )}
      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyPanel title="还没有消息" hint="认领心愿后，礼物签收、转交和孩子的感谢都会通知你。" />
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View data-testid="inbox">
          {state.items.map((n) => (
            <View
              key={n.id}
              className={`dn-message ${isRead(n) ? '' : 'dn-message--unread'}`}
              data-testid="message"
              data-read={isRead(n) ? 'true' : 'false'}
              onClick={() => open(n)}
            >
              <View className="dn-message__head">
                {!isRead(n) && <View className="dn-message__dot" aria-label="未读" />}
                <Text className="dn-message__title">{n.title}</Text>
                <Text className="dn-message__time">{when(n.createdAt, now)}</Text>
              </View>
              <Text className="dn-message__body">{n.body}</Text>
              {n.link && <Text className="dn-message__more">查看详情 ›</Text>}
            </View>
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}
