import { Text } from '@tarojs/components';
import './index.scss';

/** The line under a paged list: loading more, failed (tap to retry), or the end. */
export function ListFooter({
  more,
  hasMore,
  onRetry,
}: {
  more: 'idle' | 'loading' | 'error';
  hasMore: boolean;
  onRetry: () => void;
}) {
  if (more === 'loading') return <Text className="list-footer">正在加载更多…</Text>;
  if (more === 'error') {
    return (
      <Text className="list-footer list-footer--error" onClick={onRetry} data-testid="load-more-retry">
        加载失败，点此重试
      </Text>
    );
  }
  return <Text className="list-footer">{hasMore ? '上滑加载更多' : '— 已经到底了 —'}</Text>;
}
