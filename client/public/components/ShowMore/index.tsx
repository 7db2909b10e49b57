import { Text, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';

/** A long list shown `step` rows at a time, with 展开更多 for the rest. */
export function ShowMore<T>({
  items,
  render,
  empty,
  step = 10,
  testId,
}: {
  items: readonly T[];
  render: (item: T, index: number) => ReactNode;
  empty: string;
  step?: number;
  testId?: string;
}) {
  const [shown, setShown] = useState(step);
  if (items.length === 0) return <Text className="pb-empty">{empty}</Text>;
  const rest = items.length - shown;
  return (
    <View data-testid={testId}>
      {items.slice(0, shown).map(render)}
      {rest > 0 && (
        <View className="pb-more" onClick={() => setShown((n) => n + step * 2)} data-testid="show-more">
          展开更多（还有 {rest} 条）
        </View>
      )}
    </View>
  );
}
