import { Text, View } from '@tarojs/components';
import './index.scss';

/** What a reviewer checks before a wish goes public: the child must not be recognisable. */
export const REVIEW_CHECKS = [
  '没有真实姓名、电话、证件号、住址、学校和班级',
  '没有能认出孩子或家庭的细节，如村民小组、门牌、家长的工作单位',
  '心愿具体清楚：要什么、要多少、为什么需要',
  '预估金额与物品、数量相符，价格合理',
  '用词尊重孩子，不渲染苦难，不贴标签',
] as const;

export function ReviewChecklist() {
  return (
    <View className="review-checklist" data-testid="review-checklist">
      <Text className="review-checklist__title">发布前请逐项核对</Text>
      {REVIEW_CHECKS.map((item) => (
        <View key={item} className="review-checklist__item">
          <View className="review-checklist__box" />
          <Text className="review-checklist__text">{item}</Text>
        </View>
      ))}
      <Text className="review-checklist__foot">有一项不放心，就请退回修改，写清原因。</Text>
    </View>
  );
}
