import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import {
  DEMO_PERSONA_LABELS,
  DEMO_PERSONAS,
  MAINLAND_MOBILE_PATTERN,
  type DemoPersona,
} from '../../../shared/constants';
import type { AuthOptions, Session } from '../../../shared/schemas/auth';
import * as auth from '../../api/auth';
import { errorMessage } from '../../api/http';
import { useSubmit } from '../../hooks/use-submit';
import './index.scss';

const LOGIN_FAILED = '登录失败，请稍后再试';

/** Login: WeChat in the mini-program, phone + SMS code on H5, and demo personas in demo mode. */
export function LoginPanel({
  options,
  onSignedIn,
}: {
  options: AuthOptions;
  onSignedIn: (s: Session) => void;
}) {
  const { busy, error, setError, run } = useSubmit(LOGIN_FAILED);
  const attempt = async (login: () => Promise<Session>) => {
    await run(async () => onSignedIn(await login()));
  };

  const wechat = options.wechat && process.env.TARO_ENV === 'weapp';
  return (
    <View className="login-panel">
      <Text className="login-panel__title">登录心愿</Text>
      <Text className="login-panel__hint">登录后可以认领心愿、查看兑现进度和捐赠凭证。</Text>
      {wechat && (
        <Button
          className="login-panel__primary"
          disabled={busy}
          onClick={() => void attempt(async () => auth.logInWechat((await Taro.login()).code))}
        >
          微信一键登录
        </Button>
      )}
      {options.sms && !wechat && <PhoneLogin busy={busy} attempt={attempt} onError={setError} />}
      {error && (
        <Text className="login-panel__error" data-testid="login-error">
          {error}
        </Text>
      )}
      {options.demo && (
        <View className="login-panel__demo" data-testid="demo-personas">
          <Text className="login-panel__demo-title">演示模式：选一个身份体验</Text>
          <View className="login-panel__personas">
            {DEMO_PERSONAS.map((p: DemoPersona) => (
              <Text
                key={p}
                className="login-panel__persona"
                onClick={() => void attempt(() => auth.logInDemo(p))}
              >
                {DEMO_PERSONA_LABELS[p]}
              </Text>
            ))}
          </View>
        </View>
      )}
    </View>
  );
}

const RESEND_SECONDS = 60;

function PhoneLogin({
  busy,
  attempt,
  onError,
}: {
  busy: boolean;
  attempt: (login: () => Promise<Session>) => Promise<void>;
  onError: (message: string | null) => void;
}) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [countdown, setCountdown] = useState(0);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const phoneOk = MAINLAND_MOBILE_PATTERN.test(phone);
  const send = async () => {
    if (!phoneOk) return onError('请输入正确的 11 位手机号');
    onError(null);
    try {
      const sent = await auth.sendSmsCode(phone);
      setCountdown(sent.retryAfterSeconds || RESEND_SECONDS);
      void Taro.showToast({ title: '验证码已发送', icon: 'none' });
    } catch (e) {
      onError(errorMessage(e, LOGIN_FAILED));
    }
  };

  return (
    <View className="phone-login">
      <Input
        className="phone-login__input"
        type="number"
        maxlength={11}
        placeholder="手机号"
        value={phone}
        onInput={(e) => setPhone(e.detail.value.trim())}
        data-testid="phone-input"
      />
      <View className="phone-login__row">
        <Input
          className="phone-login__input phone-login__input--code"
          type="number"
          maxlength={6}
          placeholder="6 位验证码"
          value={code}
          onInput={(e) => setCode(e.detail.value.trim())}
          data-testid="code-input"
        />
        <Text
          className={`phone-login__send ${countdown > 0 ? 'phone-login__send--waiting' : ''}`}
          onClick={() => countdown <= 0 && void send()}
        >
          {countdown > 0 ? `${countdown} 秒后重发` : '获取验证码'}
        </Text>
      </View>
      <Button
        className="login-panel__primary"
        disabled={busy || !phoneOk || code.length !== 6}
        onClick={() => void attempt(() => auth.verifySmsCode(phone, code))}
      >
        登录
      </Button>
    </View>
  );
}
