import { Text, View } from '@tarojs/components';
import { CLAIM_STAGE_LABELS } from '../../../../shared/constants';
import type { Claim } from '../../../../shared/schemas/claims';
import { UrgencyTag } from '../../../components/UrgencyTag';
import { formatFen } from '../../../utils/money';
import { countdown, STAGE_HINTS, when } from '../../lib/claim-view';

/** One claim in 我的认领: what, for whom, how much, where it stands, and the time left. */
export function ClaimRow({ claim, now, onOpen }: { claim: Claim; now: number; onOpen: () => void }) {
  const left = countdown(claim, now);
  const ended = claim.endedAt !== null;
  return (
    <View className="dn-row" data-testid="claim-row" onClick={onOpen}>
      <View className="dn-row__head">
        <UrgencyTag level={claim.wish.urgency} />
        <Text className="dn-row__title">{claim.wish.title}</Text>
      </View>
      <Text className="dn-row__meta">
        {claim.wish.pseudonym}的心愿 · {formatFen(claim.valueFen)}
        {claim.wish.shares > 1 ? ` · ${claim.shares} 份` : ''}
      </Text>
      <View className="dn-row__foot">
        <Text className={`dn-stage dn-stage--${claim.stage}`} data-testid="claim-stage">
          {CLAIM_STAGE_LABELS[claim.stage]}
        </Text>
        {left ? (
          <Text
            className={`dn-row__countdown ${left.pressing ? 'dn-row__countdown--pressing' : ''}`}
            data-testid="claim-countdown"
            data-pressing={left.pressing ? 'true' : 'false'}
          >
            {left.text}
          </Text>
        ) : (
          <Text className="dn-row__hint">
            {ended && claim.endedAt ? `${when(claim.endedAt, now)} 结束` : STAGE_HINTS[claim.stage]}
          </Text>
        )}
      </View>
    </View>
  );
}
