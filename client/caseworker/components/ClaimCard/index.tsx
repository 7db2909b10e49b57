import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Claim } from '../../../../shared/schemas/claims';
import { formatFen } from '../../../utils/money';
import { formatDateTime } from '../../lib/dates';
import { awaitsGift, expectedQuantity, shippingText } from '../../lib/fulfilment';
import { ActionButton } from '../ActionButton';
import { Fact } from '../Fact';
import { StageTag } from '../ClaimRow';
import { ReceiveForm } from '../ReceiveForm';

/** One donor's claim on the wish: who (with a call button), where the gift is, and 签收 once shipped. */
export function ClaimCard({ claim, onChanged }: { claim: Claim; onChanged: () => void }) {
  const donor = claim.donor;
  const phone = donor?.phone;
  return (
    <View className="cw-card" data-testid="claim-card" data-claim={claim.id}>
      <View className="cw-row__head">
        <Text className="cw-card__title cw-grow">{donor?.name ?? '爱心人士（未公开）'}</Text>
        <StageTag stage={claim.stage} />
      </View>
      {phone && (
        <View className="claim-card__phone">
          <Text className="claim-card__number">{phone}</Text>
          <ActionButton
            kind="ghost"
            small
            testId="call-donor"
            onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}
          >
            打电话
          </ActionButton>
        </View>
      )}
      <View className="cw-facts">
        {claim.wish.shares > 1 && (
          <Fact k="认领份数" v={`${claim.shares} 份（${formatFen(claim.valueFen)}）`} />
        )}
        <Fact k="寄送" v={shippingText(claim)} none="还没有寄出" />
        <Fact k="认领时间" v={formatDateTime(claim.claimedAt)} />
        {awaitsGift(claim) && <Fact k="送达截止" v={formatDateTime(claim.deadlineAt)} />}
      </View>
      {claim.stage === 'shipped' && (
        <View className="claim-card__receive">
          <Text className="claim-card__section">签收</Text>
          <Text className="cw-card__sub">礼物到了转交点后，请当面核对数量和状况。</Text>
          <ReceiveForm
            claimId={claim.id}
            expected={expectedQuantity(claim.wish, claim.shares)}
            onDone={onChanged}
          />
        </View>
      )}
    </View>
  );
}
