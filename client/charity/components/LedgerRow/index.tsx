import { Text, View } from '@tarojs/components';
import { LEDGER_TX_KIND_LABELS } from '../../../../shared/ledger';
import type { LedgerTx } from '../../../../shared/schemas/ledger';
import { formatDateTime } from '../../../caseworker/lib/dates';
import { formatFen } from '../../../utils/money';
import { fundText, moneyDirection, txAmountFen, txBadges } from '../../lib/ledger-terms';
import './index.scss';

/** What an entry is about in one line: the donor as the public reads them, or the wish bought for. */
export function txSubject(tx: LedgerTx): string | null {
  if (tx.donation) return tx.donation.publicName;
  return tx.wish?.title ?? null;
}

/** The amount with its direction: +¥500 in, -¥120 out, ¥98 for goods. */
export function signedAmount(tx: LedgerTx): string {
  const direction = moneyDirection(tx);
  const amount = formatFen(txAmountFen(tx));
  return direction === 'in' ? `+${amount}` : direction === 'out' ? `-${amount}` : amount;
}

/** One entry of the books: kind, date, fund, donor or wish, receipt no., amount, badges. */
export function LedgerRow({ tx, onOpen }: { tx: LedgerTx; onOpen: () => void }) {
  const direction = moneyDirection(tx);
  const subject = txSubject(tx);
  return (
    <View className="ledger-row" onClick={onOpen} data-testid="ledger-row" data-kind={tx.kind}>
      <View className="ledger-row__main">
        <View className="ledger-row__head">
          <Text className="ledger-row__kind">{LEDGER_TX_KIND_LABELS[tx.kind]}</Text>
          {txBadges(tx).map((b) => (
            <Text key={b.text} className={`ledger-row__badge ledger-row__badge--${b.tone}`}>
              {b.text}
            </Text>
          ))}
        </View>
        <Text className="ledger-row__sub">
          {formatDateTime(tx.effectiveAt).slice(0, 10)} · {fundText(tx)}
          {subject ? ` · ${subject}` : ''}
        </Text>
        {tx.donation && <Text className="ledger-row__receipt">票据号 {tx.donation.receiptNo}</Text>}
      </View>
      <Text
        className={`ledger-row__amount ledger-row__amount--${direction} ${tx.reversedBy ? 'ledger-row__amount--void' : ''}`}
      >
        {signedAmount(tx)}
      </Text>
    </View>
  );
}
