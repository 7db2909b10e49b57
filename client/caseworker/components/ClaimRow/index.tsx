import { Text, View } from '@tarojs/components';
import { CLAIM_STAGE_LABELS } from '../../../../shared/constants';
import type { Claim } from '../../../../shared/schemas/claims';
import { formatDateTime } from '../../lib/dates';
import { awaitsGift, shippingText, stageTone } from '../../lib/fulfilment';

/** A claim's stage as a tag. */
export function StageTag({ stage }: { stage: Claim['stage'] }) {
  const tone = stageTone(stage);
  return (
    <Text className={`cw-tag ${tone ? `cw-tag--${tone}` : ''}`} data-stage={stage}>
      {CLAIM_STAGE_LABELS[stage]}
    </Text>
  );
}

/** One gift in the incoming list: which wish, from whom, how it travels, by when. */
export function ClaimRow({ claim, now, onOpen }: { claim: Claim; now: number; onOpen: () => void }) {
  const shipping = shippingText(claim);
  const waiting = awaitsGift(claim);
  const late = waiting && Date.parse(claim.deadlineAt) < now;
  return (
    <View className="cw-row" data-testid="claim-row" onClick={onOpen}>
      <View className="cw-row__head">
        <Text className="cw-row__title">{claim.wish.title}</Text>
        <StageTag stage={claim.stage} />
      </View>
      <Text className="cw-row__meta">
        为 {claim.wish.pseudonym}
        {claim.wish.shares > 1 ? ` · ${claim.shares}/${claim.wish.shares} 份` : ''} · 认领人{' '}
        {claim.donor?.name ?? '（未公开）'}
      </Text>
      <Text className="cw-row__meta">
        {shipping ? `${claim.paidOnline ? '' : '寄送：'}${shipping}` : '还没有寄出'}
      </Text>
      <View className="cw-row__foot">
        {waiting ? (
          <Text className={late ? 'incoming-page__late' : ''}>
            {late ? '已超过' : ''}截止 {formatDateTime(claim.deadlineAt)}
          </Text>
        ) : (
          <Text>认领于 {formatDateTime(claim.claimedAt)}</Text>
        )}
        <Text className="cw-row__action">查看</Text>
      </View>
    </View>
  );
}
