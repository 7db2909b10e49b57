import type { Endpoint } from '../endpoint';
import {
  authOptionsSchema,
  demoLoginBodySchema,
  meSchema,
  okSchema,
  sessionSchema,
  smsSendBodySchema,
  smsSentSchema,
  smsVerifyBodySchema,
  switchOrgBodySchema,
  wechatLoginBodySchema,
} from '../schemas/auth';

/** Logging in and out, and the caller's own profile. */
export const authEndpoints = {
  authOptions: { method: 'GET', path: '/api/v1/auth/options', access: 'public', response: authOptionsSchema },
  demoLogin: {
    method: 'POST',
    path: '/api/v1/auth/demo',
    access: 'public',
    body: demoLoginBodySchema,
    response: sessionSchema,
  },
  sendSmsCode: {
    method: 'POST',
    path: '/api/v1/auth/sms/send',
    access: 'public',
    body: smsSendBodySchema,
    response: smsSentSchema,
  },
  verifySmsCode: {
    method: 'POST',
    path: '/api/v1/auth/sms/verify',
    access: 'public',
    body: smsVerifyBodySchema,
    response: sessionSchema,
  },
  wechatLogin: {
    method: 'POST',
    path: '/api/v1/auth/wechat',
    access: 'public',
    body: wechatLoginBodySchema,
    response: sessionSchema,
  },
  logout: { method: 'POST', path: '/api/v1/auth/logout', access: 'user', response: okSchema },
  me: { method: 'GET', path: '/api/v1/me', access: 'user', response: meSchema },
  switchOrg: {
    method: 'POST',
    path: '/api/v1/me/current-org',
    access: 'user',
    body: switchOrgBodySchema,
    response: meSchema,
  },
} as const satisfies Record<string, Endpoint>;
