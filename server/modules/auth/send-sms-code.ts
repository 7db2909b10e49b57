import { and, desc, eq, gt } from 'drizzle-orm';
import { maskPhone } from '../../../shared/phone';
import type { Db } from '../../db/client';
import { smsCodes } from '../../db/schema';
import { AppError } from '../../app-error';
import { SmsError, type SmsProvider } from '../../integrations/sms/sms-provider';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { hashSmsCode, newSmsCode, SMS_CODE_TTL_MS, SMS_RESEND_MS } from './sms-code-rules';

const SMS_REFUSALS = {
  invalid_phone: 'INVALID_PHONE',
  rate_limited: 'RATE_LIMITED',
  unavailable: 'LOGIN_PROVIDER_UNAVAILABLE',
} as const;

/**
 * Sends a 6-digit login code: at most one per phone per minute (decided in the database, so two
 * racing requests cannot both pass). The code is stored hashed; if the provider fails, the row
 * is removed so the person can try again at once.
 */
export async function sendSmsCode(db: Db, sms: SmsProvider, phone: string, meta: RequestMeta) {
  const code = newSmsCode();
  const id = db.transaction(
    (tx) => {
      const recent = tx
        .select({ id: smsCodes.id })
        .from(smsCodes)
        .where(and(eq(smsCodes.phone, phone), gt(smsCodes.createdAt, meta.now - SMS_RESEND_MS)))
        .orderBy(desc(smsCodes.createdAt))
        .get();
      if (recent) throw new AppError('SMS_TOO_FREQUENT');
      const row = tx
        .insert(smsCodes)
        .values({
          phone,
          codeHash: hashSmsCode(phone, code),
          createdAt: meta.now,
          expiresAt: meta.now + SMS_CODE_TTL_MS,
        })
        .returning({ id: smsCodes.id })
        .get();
      recordAudit(
        tx,
        { actorUserId: null, action: 'auth.sms_sent', outcome: 'ok', details: { phone: maskPhone(phone) } },
        meta,
      );
      return row.id;
    },
    { behavior: 'immediate' },
  );
  try {
    await sms.sendLoginCode(phone, code);
  } catch (err) {
    db.delete(smsCodes).where(eq(smsCodes.id, id)).run();
    if (err instanceof SmsError) throw new AppError(SMS_REFUSALS[err.kind]);
    throw err;
  }
  return { sent: true as const, retryAfterSeconds: SMS_RESEND_MS / 1000 };
}
