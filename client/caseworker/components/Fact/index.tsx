import { Text, View } from '@tarojs/components';

/** One line of a fact sheet: what, and its value (`none`, '未填写' by default, when there is none). */
export function Fact({ k, v, none = '未填写' }: { k: string; v: string | null | undefined; none?: string }) {
  return (
    <View className="cw-facts__row">
      <Text className="cw-facts__key">{k}</Text>
      <Text className={`cw-facts__value ${v ? '' : 'cw-facts__value--empty'}`}>{v || none}</Text>
    </View>
  );
}
