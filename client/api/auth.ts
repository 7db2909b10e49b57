import { contract } from '../../shared/contract';
import type { DemoPersona } from '../../shared/constants';
import { call } from './http';

export const getAuthOptions = () => call(contract.authOptions);
export const logInDemo = (persona: DemoPersona) => call(contract.demoLogin, { body: { persona } });
export const sendSmsCode = (phone: string) => call(contract.sendSmsCode, { body: { phone } });
export const verifySmsCode = (phone: string, code: string) =>
  call(contract.verifySmsCode, { body: { phone, code } });
export const logInWechat = (code: string) => call(contract.wechatLogin, { body: { code } });
export const logOut = () => call(contract.logout);
export const getMe = () => call(contract.me);
export const switchOrg = (orgId: string) => call(contract.switchOrg, { body: { orgId } });
