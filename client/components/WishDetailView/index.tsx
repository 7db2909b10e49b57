import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { chinaDate } from '../../../shared/china-date';
import { WISH_STATUS_LABELS } from '../../../shared/constants';
import type { PublicWishDetail } from '../../../shared/schemas/wishes';
import { childLine } from '../../utils/child-line';
import { shareFen, sharesLabel } from '../../utils/shares';
import { Money } from '../Money';
import { CampaignTag, WishTags } from '../WishTags';
import './index.scss';

/** Notes for staff only, shown under the story or the hand-over line (the reviewer's preview). */
export interface StaffNotes {
  story?: ReactNode;
  handover?: ReactNode;
}

/**
 * Everything the public may read about one wish, top to bottom: the donor's wish page, and the
 * reviewer's preview of it (charity/components/WishPreview) with `staffNotes`.
 */
export function WishDetailView({
  wish,
  now,
  staffNotes,
}: {
  wish: PublicWishDetail;
  now: number;
  staffNotes?: StaffNotes;
}) {
  return (
    <View className="wish-detail__content">
      <View className={`wish-detail__card wish-detail__card--${wish.urgency}`}>
        <WishTags wish={wish} now={now} />
        <Text className="wish-detail__title" data-testid="wish-title">
          {wish.title}
        </Text>
        {wish.campaign && <CampaignTag title={wish.campaign.title} />}
        <Text className="wish-detail__who">{childLine(wish)}</Text>
        {wish.status !== 'published' && (
          <Text className="wish-detail__status">
            {[WISH_STATUS_LABELS[wish.status], ...progressDates(wish.progress)].join(' · ')}
          </Text>
        )}
      </View>

      <View className="wish-detail__facts">
        <Fact label="预估金额">
          <Money fen={wish.estimatedValueFen} className="wish-detail__amount" />
        </Fact>
        <Fact label="数量">
          <Text>{wish.quantity}</Text>
        </Fact>
        {wish.shares > 1 && (
          <Fact label="分份认领">
            <Text>
              {sharesLabel(wish.shares, wish.sharesLeft)}，每份{' '}
              <Money fen={shareFen(wish.estimatedValueFen, wish.shares)} />
            </Text>
          </Fact>
        )}
      </View>

      <Section title="心愿说明">
        <Text className="wish-detail__text">{wish.description}</Text>
      </Section>
      {wish.story !== null && (
        <Section title={`${wish.pseudonym}的故事`}>
          <Text className="wish-detail__text">{wish.story}</Text>
          {staffNotes?.story && <Text className="wish-detail__note">{staffNotes.story}</Text>}
        </Section>
      )}
      <Section title="怎样转交">
        <Text className="wish-detail__text" data-testid="handover">
          由 {wish.handover.organization} 在 {wish.handover.town} 转交
        </Text>
        <Text className="wish-detail__note">
          礼物送到转交点后，由社工当面交给孩子。为了保护孩子，捐赠人不会拿到孩子的家庭住址。
        </Text>
        {staffNotes?.handover && <Text className="wish-detail__note">{staffNotes.handover}</Text>}
      </Section>
    </View>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="wish-detail__fact">
      <Text className="wish-detail__fact-label">{label}</Text>
      <View className="wish-detail__fact-value">{children}</View>
    </View>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className="wish-detail__section">
      <Text className="wish-detail__heading">{title}</Text>
      {children}
    </View>
  );
}

/** What the public may know of a wish's fulfilment: the days it was claimed and handed over. */
function progressDates(p: PublicWishDetail['progress']): string[] {
  const day = (iso: string) => {
    const [, m, d] = chinaDate(Date.parse(iso)).split('-');
    return `${Number(m)}月${Number(d)}日`;
  };
  return [
    p.claimedAt && `${day(p.claimedAt)}认领`,
    p.deliveredAt && `${day(p.deliveredAt)}送到孩子手中`,
  ].filter((s): s is string => Boolean(s));
}
