import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { GENDER_LABELS, WISH_KIND_LABELS, type WishStatus } from '../../../../shared/constants';
import type { StaffWish } from '../../../../shared/schemas/staff-wishes';
import { formatFen } from '../../../utils/money';
import { formatDateTime } from '../../lib/dates';
import { fulfilmentUrl } from '../../lib/fulfilment';
import { ActionButton } from '../ActionButton';
import { Fact } from '../Fact';
import { Notice } from '../Notice';
import { WishStatusTag } from '../WishRow';

const STATUS_NOTES: Partial<Record<WishStatus, string>> = {
  in_review: '督导正在审核。审核通过后会发布给爱心人士；如需修改，督导会退回给你。',
  published: '已经发布，爱心人士可以认领了。',
  claimed: '已有爱心人士认领，请留意礼物到达转交点。',
  delivered: '礼物已送到，记得转交给孩子并请孩子写一句感谢。',
  confirmed: '心愿已完成，谢谢你。',
  cancelled: '这个心愿已撤销。',
  expired: '这个心愿过期了，没有被认领。需要的话可以重新发布。',
};

/** A wish that can no longer be edited (in review, published, further along): what it says, where it stands. */
export function ReadonlyWish({ wish, onCancel }: { wish: StaffWish; onCancel?: () => void }) {
  const b = wish.beneficiary;
  const note = STATUS_NOTES[wish.status];
  return (
    <View>
      {note && <Notice tone="info" message={note} />}
      <View className="cw-card" data-testid="readonly-wish">
        <View className="cw-row__head">
          <Text className="cw-card__title cw-grow">{wish.title}</Text>
          <WishStatusTag status={wish.status} />
        </View>
        <Text className="cw-card__sub">
          为 {b.pseudonym}（{b.age}岁 · {GENDER_LABELS[b.gender]} · {wish.town.name}）
        </Text>
        <Text className="readonly-wish__description">{wish.description}</Text>
        <View className="cw-facts">
          <Fact k="类型" v={WISH_KIND_LABELS[wish.kind]} />
          <Fact k="数量" v={String(wish.quantity)} />
          <Fact k="预估金额" v={formatFen(wish.estimatedValueFen)} />
          <Fact
            k="份数"
            v={
              wish.shares > 1
                ? `${wish.shares} 份，每份 ${formatFen(Math.round(wish.estimatedValueFen / wish.shares))}`
                : '1 份（一位爱心人士认领）'
            }
          />
          <Fact k="转交点" v={wish.handoverSite.name} />
          <Fact k="活动" v={wish.campaign?.title ?? '不参加活动'} />
          <Fact k="提交时间" v={wish.submittedAt && formatDateTime(wish.submittedAt)} none="还没有提交" />
          <Fact k="发布时间" v={wish.publishedAt && formatDateTime(wish.publishedAt)} none="还没有发布" />
        </View>
      </View>
      {(['claimed', 'delivered', 'confirmed'] as WishStatus[]).includes(wish.status) && (
        <View className="cw-actions">
          <ActionButton kind="ghost" onClick={() => void Taro.navigateTo({ url: fulfilmentUrl(wish.id) })}>
            礼物签收与转交
          </ActionButton>
        </View>
      )}
      {onCancel && (
        <View className="cw-actions">
          <ActionButton kind="danger" onClick={onCancel}>
            撤销这个心愿
          </ActionButton>
        </View>
      )}
    </View>
  );
}
