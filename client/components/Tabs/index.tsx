import { View } from '@tarojs/components';
import './index.scss';

/** A sticky row of tabs over a list (我的认领, the caseworker's wishes and incoming gifts). */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <View className="tabs" role="tablist">
      {tabs.map((t) => (
        <View
          key={t.value}
          role="tab"
          aria-selected={t.value === value}
          className={`tabs__tab ${t.value === value ? 'tabs__tab--on' : ''}`}
          onClick={() => onChange(t.value)}
        >
          {t.label}
        </View>
      ))}
    </View>
  );
}
