import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { DIFFICULTY_CATEGORY_LABELS, GENDER_LABELS, WISH_KIND_LABELS } from '../../../../shared/constants';
import type { StaffWish } from '../../../../shared/schemas/staff-wishes';
import { Money } from '../../../components/Money';
import { UrgencyTag } from '../../../components/UrgencyTag';
import { shareFen } from '../../../utils/shares';
import './index.scss';

/**
 * The wish as donors will see it once published, laid out like the public detail page, so the
 * reviewer reads exactly the words that will go out. `orgName` words the hand-over line.
 */
export function WishPreview({ wish, orgName }: { wish: StaffWish; orgName: string | null }) {
  const b = wish.beneficiary;
  return (
    <View className="wish-preview" data-testid="wish-preview">
      <View className={`wish-preview__card wish-preview__card--${b.urgency}`}>
        <View className="wish-preview__tags">
          <UrgencyTag level={b.urgency} />
          <Text className="wish-preview__chip">{DIFFICULTY_CATEGORY_LABELS[b.category]}</Text>
          <Text className="wish-preview__chip">{WISH_KIND_LABELS[wish.kind]}</Text>
        </View>
        <Text className="wish-preview__title">{wish.title}</Text>
        {wish.campaign && <Text className="wish-preview__campaign">{wish.campaign.title}</Text>}
        <Text className="wish-preview__who">
          {b.pseudonym} · {b.age}岁 · {GENDER_LABELS[b.gender]} · {wish.town.name}
        </Text>
      </View>

      <View className="wish-preview__facts">
        <Fact label="预估金额">
          <Money fen={wish.estimatedValueFen} className="wish-preview__amount" />
        </Fact>
        <Fact label="数量">
          <Text>{wish.quantity}</Text>
        </Fact>
        {wish.shares > 1 && (
          <Fact label="分份认领">
            <Text>
              共 {wish.shares} 份，每份约 <Money fen={shareFen(wish.estimatedValueFen, wish.shares)} />
            </Text>
          </Fact>
        )}
      </View>

      <Section title="心愿说明">
        <Text className="wish-preview__text">{wish.description}</Text>
      </Section>
      {b.story && (
        <Section title={`${b.pseudonym}的故事`}>
          <Text className="wish-preview__text">{b.story}</Text>
          <Text className="wish-preview__note">只有监护人同意公开故事时，公开页面才会显示这一段。</Text>
        </Section>
      )}
      <Section title="怎样转交">
        <Text className="wish-preview__text">
          由 {orgName ?? '本机构'} 在 {wish.town.name} 转交
        </Text>
        <Text className="wish-preview__note">
          转交点：{wish.handoverSite.name}（仅工作人员可见）。捐赠人不会拿到孩子的家庭住址。
        </Text>
      </Section>
    </View>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="wish-preview__fact">
      <Text className="wish-preview__fact-label">{label}</Text>
      <View className="wish-preview__fact-value">{children}</View>
    </View>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className="wish-preview__section">
      <Text className="wish-preview__heading">{title}</Text>
      {children}
    </View>
  );
}
