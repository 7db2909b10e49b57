import { eq } from 'drizzle-orm';
import type { Session } from '../../../shared/schemas/auth';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import {
  WechatLoginError,
  type WechatLoginErrorKind,
  type WechatSession,
} from '../../integrations/wechat/code-to-session';
import type { RequestMeta } from '../audit/record-audit';
import { getMe } from '../me/get-me';
import { startSession } from './start-session';

const REFUSALS: Record<WechatLoginErrorKind, ConstructorParameters<typeof AppError>[0]> = {
  invalid_code: 'WECHAT_CODE_INVALID',
  code_used: 'WECHAT_CODE_INVALID',
  rate_limited: 'RATE_LIMITED',
  blocked: 'USER_DISABLED',
  busy: 'LOGIN_PROVIDER_UNAVAILABLE',
  unavailable: 'LOGIN_PROVIDER_UNAVAILABLE',
};

/**
 * Mini-program login: WeChat (not the client) says who this is. The call to WeChat happens
 * before the transaction; the session_key it returns is not kept — nothing here needs it.
 */
export async function logInWechat(
  db: Db,
  codeToSession: (code: string) => Promise<WechatSession>,
  code: string,
  meta: RequestMeta,
): Promise<Session> {
  let wechat: WechatSession;
  try {
    wechat = await codeToSession(code);
  } catch (err) {
    if (err instanceof WechatLoginError) throw new AppError(REFUSALS[err.kind]);
    throw err;
  }
  return db.transaction(
    (tx) => {
      let user = tx.select().from(users).where(eq(users.wechatOpenid, wechat.openid)).get();
      if (!user) {
        user = tx
          .insert(users)
          .values({
            publicId: newPublicId(),
            displayName: '微信用户',
            wechatOpenid: wechat.openid,
            wechatUnionid: wechat.unionid ?? null,
            createdAt: meta.now,
          })
          .returning()
          .get();
      }
      if (user.status !== 'active') throw new AppError('USER_DISABLED');
      const token = startSession(tx, user.id, 'wechat', meta);
      return { token, me: getMe(tx, user.id, null) };
    },
    { behavior: 'immediate' },
  );
}
