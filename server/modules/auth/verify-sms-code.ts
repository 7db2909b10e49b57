import { desc, eq } from 'drizzle-orm';
import type { ErrorCode } from '../../../shared/errors';
import { maskPhone } from '../../../shared/phone';
import type { Session } from '../../../shared/schemas/auth';
import type { Db } from '../../db/client';
import { smsCodes, users } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { getMe } from '../me/get-me';
import { smsCodeMatches, smsCodeProblem } from './sms-code-rules';
import { startSession } from './start-session';

/**
 * Phone login: the latest code sent to the phone, tried at most five times, used once. A wrong
 * try is counted (and audited) in a committed transaction before the refusal is answered.
 */
export function verifySmsCode(db: Db, phone: string, code: string, meta: RequestMeta): Session {
  const outcome = db.transaction(
    (tx): { refused: ErrorCode } | { session: Session } => {
      const stored = tx
        .select()
        .from(smsCodes)
        .where(eq(smsCodes.phone, phone))
        .orderBy(desc(smsCodes.id))
        .get();
      const problem = smsCodeProblem(stored, meta.now);
      if (problem || !stored) return { refused: problem ?? 'SMS_CODE_EXPIRED' };
      if (!smsCodeMatches(phone, code, stored.codeHash)) {
        tx.update(smsCodes)
          .set({ attempts: stored.attempts + 1 })
          .where(eq(smsCodes.id, stored.id))
          .run();
        recordAudit(
          tx,
          {
            actorUserId: null,
            action: 'auth.login',
            outcome: 'failed',
            details: { method: 'sms', phone: maskPhone(phone) },
          },
          meta,
        );
        return { refused: 'SMS_CODE_INVALID' };
      }
      tx.update(smsCodes).set({ consumedAt: meta.now }).where(eq(smsCodes.id, stored.id)).run();
      const user =
        tx.select().from(users).where(eq(users.phone, phone)).get() ??
        tx
          .insert(users)
          .values({
            publicId: newPublicId(),
            displayName: `爱心人士${phone.slice(-4)}`,
            phone,
            createdAt: meta.now,
          })
          .returning()
          .get();
      if (user.status !== 'active') return { refused: 'USER_DISABLED' };
      const token = startSession(tx, user.id, 'sms', meta);
      return { session: { token, me: getMe(tx, user.id, null) } };
    },
    { behavior: 'immediate' },
  );
  if ('refused' in outcome) throw new AppError(outcome.refused);
  return outcome.session;
}
