import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A labelled form field: hint above, the server's or the form's message below, in red. */
export function Field({
  label,
  required,
  optional,
  hint,
  error,
  name,
  children,
}: {
  label: string;
  required?: boolean;
  optional?: boolean;
  hint?: string;
  error?: string;
  /** The field's path ('restricted.realName'): tests and the e2e find fields by it. */
  name: string;
  children: ReactNode;
}) {
  return (
    <View className={`cw-field ${error ? 'cw-field--invalid' : ''}`} data-field={name}>
      <Text className="cw-field__label">
        {label}
        {required && <Text className="cw-field__required">*</Text>}
        {optional && <Text className="cw-field__optional">选填</Text>}
      </Text>
      {hint && <Text className="cw-field__hint">{hint}</Text>}
      <View className="cw-field__body">{children}</View>
      {error && (
        <Text className="cw-field__error" data-testid={`error-${name}`}>
          {error}
        </Text>
      )}
    </View>
  );
}
