import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { LedgerTxKind } from '../../../shared/ledger';
import type { LedgerTx } from '../../../shared/schemas/ledger';
import { getFunds, listLedger } from '../../api/ledger';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { Tabs } from '../../components/Tabs';
import { useLoad } from '../../hooks/use-load';
import { usePagedList } from '../../hooks/use-paged-list';
import { useReloadOnShow } from '../../caseworker/lib/use-reload-on-show';
import { ActionButton } from '../components/ActionButton';
import { FundBalances } from '../components/FundBalances';
import { LedgerRow } from '../components/LedgerRow';
import { LedgerTxSheet } from '../components/LedgerTxSheet';
import { canWriteLedger, useStaffRoles } from '../lib/roles';
import '../charity.scss';
import './index.scss';

type Tab = LedgerTxKind | 'all';
const TABS: { value: Tab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'cash_donation', label: '捐款' },
  { value: 'inkind_donation', label: '实物' },
  { value: 'purchase', label: '采购' },
  { value: 'refund', label: '退款' },
  { value: 'reversal', label: '冲正' },
];

/**
 * 捐赠台账: the organization's books — fund balances on top, every entry newest first (one kind
 * at a time if wished); tap an entry for its postings and corrections. Finance records from here.
 */
export default function LedgerPage() {
  const roles = useStaffRoles();
  const canWrite = roles.status === 'ready' && canWriteLedger(roles.roles);
  const [tab, setTab] = useState<Tab>('all');
  const [open, setOpen] = useState<LedgerTx | null>(null);
  const funds = useLoad(getFunds);
  const fetchPage = useCallback(
    (cursor: string | undefined) => listLedger({ cursor, ...(tab !== 'all' && { kind: tab }) }),
    [tab],
  );
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  const reloadAll = () => {
    funds.reload();
    void refresh();
  };
  usePullDownRefresh(() => {
    funds.reload();
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());
  useReloadOnShow(reloadAll);

  return (
    <View className="ch-page ledger-page">
      {funds.state.status === 'ready' && <FundBalances funds={funds.state.data.funds} />}
      {funds.state.status === 'error' && <ErrorPanel message={funds.state.message} onRetry={funds.reload} />}
      {canWrite && (
        <View className="ledger-page__actions">
          <ActionButton
            onClick={() => void Taro.navigateTo({ url: '/charity/donation/index' })}
            testId="go-donation"
          >
            登记捐赠
          </ActionButton>
          <ActionButton
            look="plain"
            onClick={() => void Taro.navigateTo({ url: '/charity/purchase/index' })}
            testId="go-purchase"
          >
            登记采购
          </ActionButton>
        </View>
      )}

      <View className="ledger-page__tabs">
        <Tabs tabs={TABS} value={tab} onChange={setTab} />
      </View>
      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyPanel
          title={tab === 'all' ? '账本里还没有记录' : '没有这类记录'}
          hint={canWrite ? '收到捐款后，点“登记捐赠”记一笔。' : '财务登记捐赠和采购后，会出现在这里。'}
        />
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View className="ch-card ledger-page__list" data-testid="ledger-list">
          {state.items.map((tx) => (
            <LedgerRow key={tx.id} tx={tx} onOpen={() => setOpen(tx)} />
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}

      {open && (
        <LedgerTxSheet
          tx={open}
          canWrite={canWrite}
          onClose={() => setOpen(null)}
          onDone={(message) => {
            setOpen(null);
            void Taro.showToast({ title: message, icon: 'success' });
            reloadAll();
          }}
        />
      )}
    </View>
  );
}
