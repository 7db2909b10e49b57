import { Text, View } from '@tarojs/components';
import { DIFFICULTY_CATEGORY_LABELS, WISH_KIND_LABELS } from '../../../shared/constants';
import type { PublicWishCard } from '../../../shared/schemas/wishes';
import { waitingLabel } from '../../utils/time';
import { UrgencyTag } from '../UrgencyTag';
import './index.scss';

type Tagged = Pick<PublicWishCard, 'urgency' | 'category' | 'kind' | 'publishedAt'>;

/** The line above a wish's title, in the feed and on its page: urgency, category, kind, waiting. */
export function WishTags({ wish, now }: { wish: Tagged; now: number }) {
  return (
    <View className="wish-tags">
      <UrgencyTag level={wish.urgency} />
      <Text className="wish-tags__chip">{DIFFICULTY_CATEGORY_LABELS[wish.category]}</Text>
      <Text className="wish-tags__chip">{WISH_KIND_LABELS[wish.kind]}</Text>
      <Text className="wish-tags__waiting">{waitingLabel(wish.publishedAt, now)}</Text>
    </View>
  );
}

/** The campaign a wish belongs to, as a small outlined tag. */
export function CampaignTag({ title }: { title: string }) {
  return <Text className="campaign-tag">{title}</Text>;
}
