import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * A button drawn as a View. Taro's H5 <Button> is a Stencil element that redraws its own children
 * when `disabled` changes, and React then loses the label ("insertBefore" errors, empty buttons);
 * this one is plain React on every platform. A disabled button ignores taps.
 */
export function ActionButton({
  kind = 'primary',
  small,
  disabled,
  onClick,
  children,
  testId,
}: {
  kind?: 'primary' | 'ghost' | 'danger';
  small?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const classes = [
    'cw-button',
    kind !== 'primary' && `cw-button--${kind}`,
    small && 'cw-button--small',
    disabled && 'cw-button--disabled',
  ].filter(Boolean);
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
