import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A labelled form field of the donor pages, with 选填 and its error line under it. */
export function DonorField({
  label,
  name,
  optional,
  error,
  children,
}: {
  label: string;
  name: string;
  optional?: boolean;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <View className={`dn-field ${error ? 'dn-field--invalid' : ''}`} data-field={name}>
      <Text className="dn-field__label">
        {label}
        {optional && <Text className="dn-field__optional">选填</Text>}
      </Text>
      {children}
      {error && (
        <Text className="dn-field__error" data-testid={`error-${name}`}>
          {error}
        </Text>
      )}
    </View>
  );
}
