import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Claim } from '../../../../shared/schemas/claims';

async function copy(text: string, what: string) {
  try {
    await Taro.setClipboardData({ data: text });
    void Taro.showToast({ title: `${what}已复制`, icon: 'none' });
  } catch {
    void Taro.showToast({ title: '没能复制，请长按文字复制', icon: 'none' });
  }
}

/** Where the gift goes: a public place of the organization (never the child's home). */
export function SiteCard({ site }: { site: Claim['handoverSite'] }) {
  return (
    <View className="dn-card" data-testid="handover-site">
      <Text className="dn-card__title">把礼物寄到或送到这里</Text>
      <View className="dn-facts">
        <View className="dn-facts__row">
          <Text className="dn-facts__key">转交点</Text>
          <Text className="dn-facts__value">{site.name}</Text>
        </View>
        <View className="dn-facts__row">
          <Text className="dn-facts__key">机构</Text>
          <Text className="dn-facts__value">{site.organization}</Text>
        </View>
        <View className="dn-facts__row">
          <Text className="dn-facts__key">地址</Text>
          <Text className="dn-facts__value" data-testid="site-address">
            {site.address ?? `${site.town}（详细地址请电话询问）`}
          </Text>
          {site.address && (
            <Text
              className="dn-facts__action"
              data-testid="copy-address"
              onClick={() => void copy(`${site.address} ${site.name}`, '地址')}
            >
              复制
            </Text>
          )}
        </View>
        {site.contactPhone && (
          <View className="dn-facts__row">
            <Text className="dn-facts__key">电话</Text>
            <Text className="dn-facts__value">{site.contactPhone}</Text>
            <Text
              className="dn-facts__action"
              onClick={() =>
                void Taro.makePhoneCall({ phoneNumber: site.contactPhone ?? '' }).catch(
                  () => void copy(site.contactPhone ?? '', '电话'),
                )
              }
            >
              拨打
            </Text>
          </View>
        )}
      </View>
      <Text className="dn-card__sub">寄快递时，收件人写转交点名称和上面的电话；不要寄到孩子家里。</Text>
    </View>
  );
}
