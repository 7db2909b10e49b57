import { Text, View } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import './index.scss';

/** 我的 tab: the donor's own things, and the way into the staff workbenches. */
export default function MePage() {
  return (
    <View className="me-page">
      <View className="me-page__header">
        <Text className="me-page__name">爱心人士</Text>
        <Text className="me-page__hint">登录后可认领心愿、查看进度和捐赠凭证</Text>
      </View>
      <CellGroup title="工作台">
        <Cell
          title="社工 / 儿童主任工作台"
          description="建档、发布心愿、确认转交"
          onClick={() => void Taro.navigateTo({ url: '/caseworker/home/index' })}
        />
        <Cell
          title="机构工作台"
          description="审核、台账、公示报告"
          onClick={() => void Taro.navigateTo({ url: '/charity/home/index' })}
        />
      </CellGroup>
    </View>
  );
}
