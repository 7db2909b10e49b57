import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { Funds } from '../../../../shared/schemas/ledger';
import { Money } from '../../../components/Money';
import './index.scss';

/** 资金余额: what each fund has left — the unrestricted fund first, then each campaign's. */
export function FundBalances({ funds, children }: { funds: Funds['funds']; children?: ReactNode }) {
  const total = funds.reduce((s, f) => s + f.balanceFen, 0);
  return (
    <View className="ch-card fund-balances" data-testid="fund-balances">
      <View className="fund-balances__head">
        <Text className="ch-card__title">资金余额</Text>
        <Money className="fund-balances__total" fen={total} />
      </View>
      {funds.map((f) => (
        <View key={f.fund} className="fund-balances__row" data-testid={`fund-${f.fund}`}>
          <View className="fund-balances__name">
            <Text className="fund-balances__title">{f.title}</Text>
            <Text className="fund-balances__kind">
              {f.fund === 'general' ? '机构统筹使用' : '限定用于这个活动'}
            </Text>
          </View>
          <Money
            className={`fund-balances__amount ${f.balanceFen === 0 ? 'fund-balances__amount--zero' : ''}`}
            fen={f.balanceFen}
          />
        </View>
      ))}
      {children}
    </View>
  );
}
