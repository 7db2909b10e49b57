import { Button, Text, View } from '@tarojs/components';
import './index.scss';

/** Skeleton rows shown while the first page loads. */
export function LoadingPanel({ rows = 3 }: { rows?: number }) {
  return (
    <View className="state-panel state-panel--loading" data-testid="loading" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className="skeleton-card">
          <View className="skeleton-line skeleton-line--short" />
          <View className="skeleton-line" />
          <View className="skeleton-line skeleton-line--medium" />
        </View>
      ))}
    </View>
  );
}

export function EmptyPanel({ title, hint }: { title: string; hint?: string }) {
  return (
    <View className="state-panel" data-testid="empty">
      <Text className="state-panel__icon">愿</Text>
      <Text className="state-panel__title">{title}</Text>
      {hint && <Text className="state-panel__hint">{hint}</Text>}
    </View>
  );
}

export function ErrorPanel({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="state-panel" data-testid="error" role="alert">
      <Text className="state-panel__icon state-panel__icon--error">!</Text>
      <Text className="state-panel__title">没能加载出来</Text>
      <Text className="state-panel__hint">{message}</Text>
      <Button className="state-panel__retry" onClick={onRetry}>
        重新加载
      </Button>
    </View>
  );
}
