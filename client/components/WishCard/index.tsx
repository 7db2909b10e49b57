import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PublicWishCard } from '../../../shared/schemas/wishes';
import { childLine } from '../../utils/child-line';
import { shareFen, sharesLabel } from '../../utils/shares';
import { Money } from '../Money';
import { CampaignTag, WishTags } from '../WishTags';
import './index.scss';

/** One wish in the feed; tapping it opens the wish's page. */
export function WishCard({ wish, now }: { wish: PublicWishCard; now: number }) {
  const open = () => void Taro.navigateTo({ url: `/pages/wish/index?id=${wish.id}` });
  return (
    <View
      className={`wish-card wish-card--${wish.urgency}`}
      data-testid="wish-card"
      hoverClass="wish-card--pressed"
      onClick={open}
    >
      <WishTags wish={wish} now={now} />
      <Text className="wish-card__title">{wish.title}</Text>
      {wish.campaign && <CampaignTag title={wish.campaign.title} />}
      <View className="wish-card__foot">
        <Text className="wish-card__who">{childLine(wish)}</Text>
        <View className="wish-card__value" data-testid="wish-value" data-fen={wish.estimatedValueFen}>
          <Text className="wish-card__value-label">约</Text>
          <Money fen={wish.estimatedValueFen} className="wish-card__value-amount" />
        </View>
      </View>
      {wish.shares > 1 && (
        <View className="wish-card__shares">
          <Text>{sharesLabel(wish.shares, wish.sharesLeft)}</Text>
          <Text>
            每份 <Money fen={shareFen(wish.estimatedValueFen, wish.shares)} />
          </Text>
        </View>
      )}
    </View>
  );
}
