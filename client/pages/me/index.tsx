import './index.scss';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import type { AuthOptions } from '../../../shared/schemas/auth';
import { getAuthOptions } from '../../api/auth';
import { errorMessage } from '../../api/http';
import { unreadCount } from '../../api/notifications';
import { LoginPanel } from '../../components/LoginPanel';
import { ProfilePanel } from '../../components/ProfilePanel';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { chooseOrg, loadSession, signedIn, signOut, useSession } from '../../session/session-store';

/** 我的 tab: log in, or see yourself, your roles and your workbenches. */
export default function MePage() {
  const session = useSession();
  const [options, setOptions] = useState<AuthOptions | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Bumped by "重新加载" to load again.
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stale = false;
    Promise.all([getAuthOptions(), loadSession()]).then(
      ([opts]) => !stale && setOptions(opts),
      (e: unknown) => !stale && setError(errorMessage(e)),
    );
    return () => {
      stale = true;
    };
  }, [attempt]);
  // The inbox badge: fetched each time the tab shows, once someone is signed in.
  const [unread, setUnread] = useState<number | null>(null);
  const signedInNow = session.status === 'signedIn';
  const refreshUnread = useCallback(() => {
    if (!signedInNow) return;
    unreadCount().then(
      (r) => setUnread(r.unread),
      () => undefined,
    );
  }, [signedInNow]);
  useEffect(refreshUnread, [refreshUnread]);
  useDidShow(() => {
    if (session.status === 'signedIn') void loadSession().catch(() => undefined);
    refreshUnread();
  });

  const toast = (e: unknown) => void Taro.showToast({ title: errorMessage(e), icon: 'none' });

  const retry = () => {
    setError(null);
    setAttempt((n) => n + 1);
  };

  if (error) return <ErrorPanel message={error} onRetry={retry} />;
  if (session.status === 'unknown' || !options) return <LoadingPanel rows={2} />;
  return (
    <View className="me-page">
      {session.status === 'signedIn' ? (
        <ProfilePanel
          me={session.me}
          unread={unread}
          onSwitchOrg={(id) => void chooseOrg(id).catch(toast)}
          onSignOut={() => void signOut()}
        />
      ) : (
        <LoginPanel options={options} onSignedIn={signedIn} />
      )}
    </View>
  );
}
