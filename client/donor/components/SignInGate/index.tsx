import { Text, View } from '@tarojs/components';
import { useEffect, type ReactNode } from 'react';
import { getAuthOptions } from '../../../api/auth';
import { LoginPanel } from '../../../components/LoginPanel';
import { useLoad } from '../../../hooks/use-load';
import { loadSession, signedIn, useSession } from '../../../session/session-store';

/** Shows `children` to a signed-in person; the login panel (with `why`) to anyone else. */
export function SignInGate({ why, children }: { why: string; children: ReactNode }) {
  const session = useSession();
  useEffect(() => {
    if (session.status === 'unknown') void loadSession().catch(() => undefined);
  }, [session.status]);
  if (session.status === 'signedIn') return <>{children}</>;
  if (session.status === 'anonymous') return <Login why={why} />;
  return <Text className="dn-confirm__note">正在确认登录状态…</Text>;
}

function Login({ why }: { why: string }) {
  const { state, reload } = useLoad(getAuthOptions);
  if (state.status === 'loading') return <Text className="dn-confirm__note">正在加载…</Text>;
  if (state.status === 'error') {
    return (
      <Text className="dn-confirm__note dn-confirm__note--error" onClick={reload}>
        {state.message}（点此重试）
      </Text>
    );
  }
  return (
    <View data-testid="sign-in-gate">
      <Text className="dn-confirm__note">{why}</Text>
      <LoginPanel options={state.data} onSignedIn={signedIn} />
    </View>
  );
}
