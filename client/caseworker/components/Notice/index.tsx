import { Text, View } from '@tarojs/components';

/** A message across the page: an error to fix, a warning, or plain information, with an optional link. */
export function Notice({
  tone,
  title,
  message,
  action,
  onAction,
  testId,
}: {
  tone: 'error' | 'warn' | 'info' | 'ok';
  title?: string;
  message: string;
  action?: string;
  onAction?: () => void;
  testId?: string;
}) {
  return (
    <View
      className={`cw-notice cw-notice--${tone}`}
      data-testid={testId}
      role={tone === 'error' ? 'alert' : undefined}
    >
      {title && <Text className="cw-notice__title">{title}</Text>}
      <Text>{message}</Text>
      {action && onAction && (
        <Text className="cw-notice__action" onClick={onAction}>
          {action}
        </Text>
      )}
    </View>
  );
}
