import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import type { SmsConfig } from '../../config';
import { createConsoleSms } from '../../integrations/sms/console-sms';
import type { SmsProvider } from '../../integrations/sms/sms-provider';
import { createTencentSms } from '../../integrations/sms/tencent-sms';
import { createWechatLoginClient } from '../../integrations/wechat/code-to-session';
import { route } from '../../route';
import { getMe } from '../me/get-me';
import { switchOrg } from '../me/switch-org';
import { logInDemo } from './log-in-demo';
import { logInWechat } from './log-in-wechat';
import { logOut } from './log-out';
import { SMS_CODE_TTL_MS } from './sms-code-rules';
import { sendSmsCode } from './send-sms-code';
import { verifySmsCode } from './verify-sms-code';

const MINUTE = 60 * 1000;
/** Per client address, on top of the per-phone rules in the use cases. */
const LIMITS = {
  smsSend: { max: 10, timeWindowMs: 60 * MINUTE },
  login: { max: 30, timeWindowMs: 10 * MINUTE },
};

function smsProvider(sms: SmsConfig): SmsProvider | null {
  if (sms.provider === 'console') return createConsoleSms();
  if (sms.provider === 'tencent')
    return createTencentSms({ ...sms, codeValidMinutes: SMS_CODE_TTL_MS / MINUTE });
  return null;
}

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { wechat } = deps.config;
  const sms = deps.sms ?? smsProvider(deps.config.sms);
  route(app, contract.authOptions, () => ({
    demo: deps.config.demo,
    sms: sms !== null,
    wechat: wechat !== null,
  }));
  // Each login route exists only when its method is on: demo logins only in demo mode.
  if (deps.config.demo) {
    route(app, contract.demoLogin, ({ body, meta }) => logInDemo(deps.db, body.persona, meta), {
      rateLimit: LIMITS.login,
    });
  }
  if (sms) {
    route(app, contract.sendSmsCode, ({ body, meta }) => sendSmsCode(deps.db, sms, body.phone, meta), {
      rateLimit: LIMITS.smsSend,
    });
    route(
      app,
      contract.verifySmsCode,
      ({ body, meta }) => verifySmsCode(deps.db, body.phone, body.code, meta),
      {
        rateLimit: LIMITS.login,
      },
    );
  }
  if (wechat) {
    const client = createWechatLoginClient({
      baseUrl: wechat.apiBase,
      appId: wechat.appId,
      appSecret: wechat.appSecret,
    });
    route(
      app,
      contract.wechatLogin,
      ({ body, meta }) => logInWechat(deps.db, client.codeToSession, body.code, meta),
      {
        rateLimit: LIMITS.login,
      },
    );
  }
  route(app, contract.logout, ({ actor, meta }) => logOut(deps.db, actor, meta));
  route(app, contract.me, ({ actor }) => getMe(deps.db, actor.userId, actor.currentOrgId));
  route(app, contract.switchOrg, ({ actor, body }) => switchOrg(deps.db, actor, body.orgId));
}
