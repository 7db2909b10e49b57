import { Text, View } from '@tarojs/components';
import type { Campaign } from '../../../../shared/schemas/staff-wishes';
import './index.scss';

export const CAMPAIGN_STATE_LABELS: Record<Campaign['state'], string> = {
  upcoming: '未开始',
  running: '进行中',
  ended: '已结束',
};

/** How far a campaign is toward its target, 0–100 (a campaign may pass its target). */
export function campaignProgress(c: Pick<Campaign, 'publishedWishes' | 'targetWishCount'>): number {
  if (c.targetWishCount <= 0) return 0;
  return Math.min(100, Math.round((c.publishedWishes / c.targetWishCount) * 100));
}

/** '2026-06-01' → '2026年6月1日'. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** One campaign: theme, dates, state, and published wishes against the target. */
export function CampaignRow({ campaign: c }: { campaign: Campaign }) {
  const percent = campaignProgress(c);
  return (
    <View className={`campaign-row campaign-row--${c.state}`} data-testid="campaign-row">
      <View className="campaign-row__head">
        <Text className="campaign-row__title">{c.title}</Text>
        <Text className={`campaign-row__state campaign-row__state--${c.state}`}>
          {CAMPAIGN_STATE_LABELS[c.state]}
        </Text>
      </View>
      <Text className="campaign-row__dates">
        {formatDate(c.startsOn)} – {formatDate(c.endsOn)}
      </Text>
      {c.description && <Text className="campaign-row__description">{c.description}</Text>}
      <View
        className="campaign-row__progress"
        aria-label={`已发布 ${c.publishedWishes} 个，目标 ${c.targetWishCount} 个`}
      >
        <View className="campaign-row__bar" style={{ width: `${percent}%` }} />
      </View>
      <Text className="campaign-row__count">
        已发布 {c.publishedWishes} 个心愿 / 目标 {c.targetWishCount} 个
        {c.publishedWishes >= c.targetWishCount ? ' · 已达成' : ''}
      </Text>
    </View>
  );
}
