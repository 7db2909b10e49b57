import { View } from '@tarojs/components';
import type { StaffWish } from '../../../../shared/schemas/staff-wishes';
import type { PublicWishDetail } from '../../../../shared/schemas/wishes';
import { WishDetailView } from '../../../components/WishDetailView';
import './index.scss';

/**
 * The wish as donors will see it once published — the public wish page's own view — so the
 * reviewer reads exactly the words that will go out, plus two notes only staff see.
 * `orgName` words the hand-over line.
 */
export function WishPreview({
  wish,
  orgName,
  now,
}: {
  wish: StaffWish;
  orgName: string | null;
  now: number;
}) {
  return (
    <View className="wish-preview" data-testid="wish-preview">
      <WishDetailView
        wish={asPublished(wish, orgName, now)}
        now={now}
        staffNotes={{
          story: '只有监护人同意公开故事时，公开页面才会显示这一段。',
          handover: `转交点：${wish.handoverSite.name}（仅工作人员可见）。`,
        }}
      />
    </View>
  );
}

/**
 * A staff wish as the public detail will carry it on the day it is published: the exact age (the
 * server may widen it to a band, which the review page says), every share still open.
 */
export function asPublished(wish: StaffWish, orgName: string | null, now: number): PublicWishDetail {
  const b = wish.beneficiary;
  return {
    id: wish.id,
    title: wish.title,
    kind: wish.kind,
    pseudonym: b.pseudonym,
    age: { min: b.age, max: b.age },
    gender: b.gender,
    category: b.category,
    urgency: b.urgency,
    estimatedValueFen: wish.estimatedValueFen,
    shares: wish.shares,
    sharesLeft: wish.shares,
    town: wish.town.name,
    campaign: wish.campaign && { id: wish.campaign.id, title: wish.campaign.title },
    status: 'published',
    publishedAt: wish.publishedAt ?? new Date(now).toISOString(),
    description: wish.description,
    quantity: wish.quantity,
    story: b.story || null,
    handover: { organization: orgName ?? '本机构', town: wish.town.name },
    progress: { claimedAt: null, deliveredAt: null, confirmedAt: null },
  };
}
