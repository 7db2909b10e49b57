import { Text, View } from '@tarojs/components';
import './index.scss';

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** A coloured dot before the word (urgency): the word is always there too. */
  dot?: string;
}

/** A row of tappable chips: one choice, or none (tap the chosen one again when `allowNone`). */
export function ChoiceChips<T extends string>({
  choices,
  value,
  onChange,
  allowNone,
  nowrap,
  testId,
}: {
  choices: readonly Choice<T>[];
  value: T | null;
  onChange: (value: T | null) => void;
  allowNone?: boolean;
  /** One line that scrolls sideways (filters), instead of wrapping. */
  nowrap?: boolean;
  testId?: string;
}) {
  return (
    <View className={`cw-chips ${nowrap ? 'cw-chips--nowrap' : ''}`} role="radiogroup" data-testid={testId}>
      {choices.map((c) => {
        const on = c.value === value;
        return (
          <View
            key={c.value}
            className={`cw-chip ${on ? 'cw-chip--on' : ''}`}
            role="radio"
            aria-checked={on}
            onClick={() => onChange(on && allowNone ? null : c.value)}
          >
            {c.dot && <Text className={`cw-chip__dot cw-chip__dot--${c.dot}`} />}
            <Text>{c.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
