import { Text, View } from '@tarojs/components';

/** − n + for how many shares of a split wish: `verb` is 认领 (bring a gift) or 认捐 (pay). */
export function ShareStepper({
  value,
  max,
  verb,
  onChange,
}: {
  value: number;
  max: number;
  verb: string;
  onChange: (shares: number) => void;
}) {
  return (
    <View className="dn-stepper">
      <View
        className={`dn-stepper__button ${value <= 1 ? 'dn-stepper__button--off' : ''}`}
        aria-disabled={value <= 1 ? 'true' : 'false'}
        role="button"
        aria-label={`少${verb}一份`}
        data-testid="shares-minus"
        onClick={() => onChange(value - 1)}
      >
        −
      </View>
      <Text className="dn-stepper__value" data-testid="shares-value">
        {value}
      </Text>
      <View
        className={`dn-stepper__button ${value >= max ? 'dn-stepper__button--off' : ''}`}
        aria-disabled={value >= max ? 'true' : 'false'}
        role="button"
        aria-label={`多${verb}一份`}
        data-testid="shares-plus"
        onClick={() => onChange(value + 1)}
      >
        +
      </View>
    </View>
  );
}
