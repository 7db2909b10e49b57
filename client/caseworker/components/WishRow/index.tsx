import { Text, View } from '@tarojs/components';
import {
  GENDER_LABELS,
  WISH_KIND_LABELS,
  WISH_STATUS_LABELS,
  type WishStatus,
} from '../../../../shared/constants';
import type { StaffWish } from '../../../../shared/schemas/staff-wishes';
import { formatFen } from '../../../utils/money';

const STATUS_TONE: Partial<Record<WishStatus, string>> = {
  in_review: 'brand',
  returned: 'danger',
  published: 'ok',
  claimed: 'ok',
  delivered: 'ok',
  confirmed: 'ok',
};

export function WishStatusTag({ status }: { status: WishStatus }) {
  const tone = STATUS_TONE[status];
  return (
    <Text className={`cw-tag ${tone ? `cw-tag--${tone}` : ''}`} data-status={status}>
      {WISH_STATUS_LABELS[status]}
    </Text>
  );
}

/** One of my wishes in a list: what, for whom, how much, where it stands; a returned one says why. */
export function WishRow({
  wish,
  onOpen,
  onCancel,
}: {
  wish: StaffWish;
  onOpen: () => void;
  onCancel?: () => void;
}) {
  const b = wish.beneficiary;
  return (
    <View className="cw-row" data-testid="wish-row" onClick={onOpen}>
      <View className="cw-row__head">
        <Text className="cw-row__title">{wish.title}</Text>
        <WishStatusTag status={wish.status} />
      </View>
      <Text className="cw-row__meta">
        {b.pseudonym} · {b.age}岁 · {GENDER_LABELS[b.gender]} · {WISH_KIND_LABELS[wish.kind]}
        {wish.campaign ? ` · ${wish.campaign.title}` : ''}
      </Text>
      {wish.status === 'returned' && wish.returnReason && (
        <Text className="cw-row__meta cw-row__reason">督导退回：{wish.returnReason}</Text>
      )}
      <View className="cw-row__foot">
        <Text>
          约 {formatFen(wish.estimatedValueFen)}
          {wish.shares > 1 ? `（分 ${wish.shares} 份）` : ''}
        </Text>
        {onCancel && (
          <Text
            className="cw-row__action"
            onClick={(e) => {
              e.stopPropagation();
              onCancel();
            }}
          >
            撤销
          </Text>
        )}
      </View>
    </View>
  );
}
