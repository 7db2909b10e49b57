import { authEndpoints } from '../../shared/endpoints/auth';
import type { DemoPersona } from '../../shared/constants';
import { call } from './http';

export const getAuthOptions = () => call(authEndpoints.authOptions);
export const logInDemo = (persona: DemoPersona) => call(authEndpoints.demoLogin, { body: { persona } });
export const sendSmsCode = (phone: string) => call(authEndpoints.sendSmsCode, { body: { phone } });
export const verifySmsCode = (phone: string, code: string) =>
  call(authEndpoints.verifySmsCode, { body: { phone, code } });
export const logInWechat = (code: string) => call(authEndpoints.wechatLogin, { body: { code } });
export const logOut = () => call(authEndpoints.logout);
export const getMe = () => call(authEndpoints.me);
export const switchOrg = (orgId: string) => call(authEndpoints.switchOrg, { body: { orgId } });
