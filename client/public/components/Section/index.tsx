import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A white card with a title (and an optional line under it). */
export function Section({
  title,
  hint,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <View className="pb-section" data-testid={testId}>
      <Text className="pb-section__title">{title}</Text>
      {hint && <Text className="pb-section__hint">{hint}</Text>}
      {children}
    </View>
  );
}
