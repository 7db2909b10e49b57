import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect } from 'react';
import { listStaffClaims } from '../../api/fulfilment';
import { listStaffWishes } from '../../api/staff-wishes';
import { EmptyPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { loadSession, useSession } from '../../session/session-store';
import { ActionButton } from '../components/ActionButton';
import { Notice } from '../components/Notice';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../caseworker.scss';
import './index.scss';

const go = (url: string) => void Taro.navigateTo({ url });

const ENTRIES = [
  {
    title: '孩子档案',
    sub: '查看、更新每个孩子的档案和监护人同意',
    url: '/caseworker/files/index',
    mark: '档',
  },
  {
    title: '我发布的心愿',
    sub: '草稿、待审核、退回修改、已发布',
    url: '/caseworker/wishes/index',
    mark: '愿',
  },
];

/** The caseworker's workbench: her files, her wishes, a new file — and what needs her attention. */
export default function CaseworkerHome() {
  const session = useSession();
  useEffect(() => {
    if (session.status === 'unknown') void loadSession().catch(() => undefined);
  }, [session.status]);

  if (session.status === 'unknown') return <LoadingPanel rows={2} />;
  if (session.status === 'anonymous') {
    return (
      <View className="cw-page">
        <EmptyPanel title="请先登录" hint="登录社工账号后，就可以为孩子建档、发布心愿。" />
        <View className="cw-actions">
          <ActionButton onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>去登录</ActionButton>
        </View>
      </View>
    );
  }
  return (
    <View className="cw-page cw-home">
      <View className="cw-home__intro">
        <Text className="cw-home__hello">你好，{session.me.user.displayName}</Text>
        <Text className="cw-home__sub">孩子的真实信息只在本机构内可见，公开时只用化名。</Text>
      </View>
      <ReturnedNotice />
      <GiftsEntry />
      {ENTRIES.map((e) => (
        <View key={e.url} className="cw-home__entry" onClick={() => go(e.url)}>
          <Text className="cw-home__mark">{e.mark}</Text>
          <View className="cw-home__entry-text">
            <Text className="cw-home__entry-title">{e.title}</Text>
            <Text className="cw-home__entry-sub">{e.sub}</Text>
          </View>
          <Text className="cw-home__arrow">›</Text>
        </View>
      ))}
      <View className="cw-actions">
        <ActionButton onClick={() => go('/caseworker/file-edit/index')} testId="home-new-file">
          新建档案
        </ActionButton>
      </View>
      <Text className="cw-home__foot">先为孩子建档、登记监护人同意，再为 TA 发布心愿。</Text>
    </View>
  );
}

/** 礼物签收: gifts on their way and gifts waiting to be handed over, counted (one page of each). */
function GiftsEntry() {
  const fetch = useCallback(
    () =>
      Promise.all([
        listStaffClaims({ stage: 'incoming', limit: 50 }),
        listStaffClaims({ stage: 'received', limit: 50 }),
      ]),
    [],
  );
  const { state, reload } = useLoad(fetch);
  useReloadOnShow(reload);
  const count = (page: { items: unknown[]; nextCursor: string | null }) =>
    `${page.items.length}${page.nextCursor ? '+' : ''}`;
  let sub = '签收爱心人士寄来的礼物，转交给孩子，写感谢信';
  let waiting = false;
  if (state.status === 'ready') {
    const [incoming, received] = state.data;
    const shipped = incoming.items.filter((c) => c.stage === 'shipped').length;
    const preparing = incoming.items.length - shipped;
    const parts = [
      shipped > 0 && `${shipped} 件已寄出待签收`,
      preparing > 0 && `${preparing}${incoming.nextCursor ? '+' : ''} 件准备中`,
      received.items.length > 0 && `${count(received)} 件待转交`,
    ].filter(Boolean);
    if (parts.length) sub = parts.join(' · ');
    waiting = shipped > 0 || received.items.length > 0;
  }
  return (
    <View
      className="cw-home__entry"
      data-testid="home-gifts"
      onClick={() => go('/caseworker/incoming/index')}
    >
      <Text className="cw-home__mark">礼</Text>
      <View className="cw-home__entry-text">
        <Text className="cw-home__entry-title">礼物签收与转交</Text>
        <Text className={`cw-home__entry-sub ${waiting ? 'cw-home__entry-sub--waiting' : ''}`}>{sub}</Text>
      </View>
      <Text className="cw-home__arrow">›</Text>
    </View>
  );
}

/** Wishes a reviewer sent back are the first thing to see: they wait on her. */
function ReturnedNotice() {
  const fetch = useCallback(() => listStaffWishes({ status: 'returned', limit: 50 }), []);
  const { state, reload } = useLoad(fetch);
  useReloadOnShow(reload);
  if (state.status !== 'ready' || state.data.items.length === 0) return null;
  const n = state.data.items.length;
  return (
    <Notice
      tone="warn"
      title={`有 ${n}${state.data.nextCursor ? '+' : ''} 个心愿被督导退回`}
      message="看看督导的意见，改好后再提交审核。"
      action="去修改"
      onAction={() => go('/caseworker/wishes/index?status=returned')}
      testId="returned-notice"
    />
  );
}
