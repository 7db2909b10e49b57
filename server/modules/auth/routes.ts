import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { createWechatLoginClient } from '../../integrations/wechat/code-to-session';
import { route } from '../../route';
import { getMe } from '../me/get-me';
import { switchOrg } from '../me/switch-org';
import { logInDemo } from './log-in-demo';
import { logInWechat } from './log-in-wechat';
import { logOut } from './log-out';

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { wechat } = deps.config;
  route(app, contract.authOptions, () => ({ demo: deps.config.demo, sms: false, wechat: wechat !== null }));
  // Demo logins exist only in demo mode: without it the route is not registered at all.
  if (deps.config.demo) {
    route(app, contract.demoLogin, ({ body, meta }) => logInDemo(deps.db, body.persona, meta));
  }
  if (wechat) {
    const client = createWechatLoginClient({
      baseUrl: wechat.apiBase,
      appId: wechat.appId,
      appSecret: wechat.appSecret,
    });
    route(app, contract.wechatLogin, ({ body, meta }) =>
      logInWechat(deps.db, client.codeToSession, body.code, meta),
    );
  }
  route(app, contract.logout, ({ actor, meta }) => logOut(deps.db, actor, meta));
  route(app, contract.me, ({ actor }) => getMe(deps.db, actor.userId, actor.currentOrgId));
  route(app, contract.switchOrg, ({ actor, body }) => switchOrg(deps.db, actor, body.orgId));
}
