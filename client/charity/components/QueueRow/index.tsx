import { Text, View } from '@tarojs/components';
import { DIFFICULTY_CATEGORY_LABELS, GENDER_LABELS } from '../../../../shared/constants';
import type { StaffWish } from '../../../../shared/schemas/staff-wishes';
import { Money } from '../../../components/Money';
import { UrgencyTag } from '../../../components/UrgencyTag';
import { reviewWaitLabel } from '../../lib/waiting';
import './index.scss';

/** What the automatic content check asks of the reviewer, when it asks anything. */
const CHECK_BADGES = {
  review: { text: '需重点核查', tone: 'danger' },
  unchecked: { text: '未经自动检测', tone: 'warning' },
} as const;

/** One wish waiting for review: how urgent, what, for whom, how much, and how long it has waited. */
export function QueueRow({ wish, now, onOpen }: { wish: StaffWish; now: number; onOpen: () => void }) {
  const b = wish.beneficiary;
  const badge =
    wish.contentCheck === 'review' || wish.contentCheck === 'unchecked'
      ? CHECK_BADGES[wish.contentCheck]
      : null;
  return (
    <View className={`queue-row queue-row--${b.urgency}`} data-testid="queue-row" onClick={onOpen}>
      <View className="queue-row__head">
        <UrgencyTag level={b.urgency} />
        <Text className="queue-row__category">{DIFFICULTY_CATEGORY_LABELS[b.category]}</Text>
        {badge && (
          <Text className={`queue-row__badge queue-row__badge--${badge.tone}`} data-testid="check-badge">
            {badge.text}
          </Text>
        )}
        <Text className="queue-row__waiting">{reviewWaitLabel(wish.submittedAt, now)}</Text>
      </View>
      <Text className="queue-row__title">{wish.title}</Text>
      <View className="queue-row__foot">
        <Text className="queue-row__who">
          {b.pseudonym} · {b.age}岁 · {GENDER_LABELS[b.gender]} · {wish.town.name}
        </Text>
        <View className="queue-row__value">
          <Text className="queue-row__value-label">约</Text>
          <Money fen={wish.estimatedValueFen} className="queue-row__value-amount" />
        </View>
      </View>
      <Text className="queue-row__by">
        {wish.createdBy} 提交 · {wish.region.name}
      </Text>
    </View>
  );
}
