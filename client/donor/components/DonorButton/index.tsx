import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * A button drawn as a View: Taro's H5 <Button> redraws its own children when `disabled` changes
 * and React then loses the label. A disabled button ignores taps.
 */
export function DonorButton({
  kind = 'primary',
  disabled,
  onClick,
  children,
  testId,
}: {
  kind?: 'primary' | 'ghost' | 'danger' | 'quiet';
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const classes = ['dn-button', `dn-button--${kind}`, disabled && 'dn-button--disabled'].filter(Boolean);
  return (
    <View
      className={classes.join(' ')}
      role="button"
      aria-disabled={disabled ? 'true' : 'false'}
      data-testid={testId}
      onClick={() => !disabled && onClick()}
    >
      {children}
    </View>
  );
}
