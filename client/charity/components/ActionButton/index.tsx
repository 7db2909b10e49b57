import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * A full-width button of these pages. `off` greys it and stops taps. On H5 Taro writes
 * disabled="false" for an enabled button, and its stylesheet fades any [disabled] text: so the
 * attribute is left out unless the button really is off, and the look comes from a class.
 */
export function ActionButton({
  look = 'primary',
  off = false,
  onClick,
  testId,
  children,
}: {
  look?: 'primary' | 'plain' | 'quiet';
  off?: boolean;
  onClick: () => void;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Button
      className={`ch-button ch-button--${look} ${off ? 'ch-button--off' : ''}`}
      disabled={off || undefined}
      onClick={() => !off && onClick()}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}
