import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A labelled field of the charity forms: required or 选填, a hint, and its message in red. */
export function Field({
  label,
  optional,
  hint,
  error,
  name,
  children,
}: {
  label: string;
  optional?: boolean;
  hint?: string;
  error?: string;
  /** The body field it fills ('amountFen'): tests find fields and their errors by it. */
  name?: string;
  children: ReactNode;
}) {
  return (
    <View className={`ch-field ${error ? 'ch-field--invalid' : ''}`} data-field={name}>
      <Text className="ch-field__label">
        {label}
        {optional ? (
          <Text className="ch-field__optional">选填</Text>
        ) : (
          <Text className="ch-field__required">*</Text>
        )}
      </Text>
      {hint && <Text className="ch-field__hint">{hint}</Text>}
      <View className="ch-field__body">{children}</View>
      {error && (
        <Text className="ch-field__error" data-testid={name && `error-${name}`}>
          {error}
        </Text>
      )}
    </View>
  );
}
