import { Button, View } from '@tarojs/components';
import { EmptyPanel } from '../StatePanel';
import './index.scss';

/** An empty state with one way forward, such as 清除筛选 or 去看看其他心愿. */
export function EmptyWithAction({
  title,
  hint,
  action,
  onAction,
}: {
  title: string;
  hint: string;
  action: string;
  onAction: () => void;
}) {
  return (
    <View className="empty-action">
      <EmptyPanel title={title} hint={hint} />
      {/* Drawn like the error panel's 重新加载: the one button under a state panel. */}
      <Button className="state-panel__retry" onClick={onAction}>
        {action}
      </Button>
    </View>
  );
}
