import { Text, View } from '@tarojs/components';
import { DIFFICULTY_CATEGORY_LABELS, GENDER_LABELS } from '../../../shared/constants';
import type { PublicWishCard } from '../../../shared/schemas/wishes';
import { waitingLabel } from '../../utils/time';
import { Money } from '../Money';
import { UrgencyTag } from '../UrgencyTag';
import './index.scss';

export function WishCard({ wish, now }: { wish: PublicWishCard; now: number }) {
  return (
    <View className={`wish-card wish-card--${wish.urgency}`} data-testid="wish-card">
      <View className="wish-card__head">
        <UrgencyTag level={wish.urgency} />
        <Text className="wish-card__category">{DIFFICULTY_CATEGORY_LABELS[wish.category]}</Text>
        <Text className="wish-card__waiting">{waitingLabel(wish.publishedAt, now)}</Text>
      </View>
      <Text className="wish-card__title">{wish.title}</Text>
      <View className="wish-card__foot">
        <Text className="wish-card__who">
          {wish.pseudonym} · {wish.age}岁 · {GENDER_LABELS[wish.gender]} · {wish.town}
        </Text>
        <View className="wish-card__value">
          <Text className="wish-card__value-label">约</Text>
          <Money fen={wish.estimatedValueFen} className="wish-card__value-amount" />
        </View>
      </View>
    </View>
  );
}
