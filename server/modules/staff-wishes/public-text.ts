import { eq } from 'drizzle-orm';
import { lintPublicText, type PrivacyFinding } from '../../../shared/privacy-lint';
import type { DbOrTx } from '../../db/tx';
import { beneficiaries, beneficiaryRestricted } from '../../db/schema';
import { AppError } from '../../app-error';
import { consentInForce } from '../beneficiaries/find-file';
import type { WishRow } from './find-wish';

/**
 * The public text of a wish (title, description, and the file's story when the guardian agreed
 * to publish it), checked against the file's own names and school. Blocking findings → 422
 * PRIVACY_FINDINGS with each span, so the editor can point at it.
 */
export function assertPublicTextClean(db: DbOrTx, wish: WishRow): { story: string | null } {
  const file = db.select().from(beneficiaries).where(eq(beneficiaries.id, wish.beneficiaryId)).get();
  const restricted = db
    .select()
    .from(beneficiaryRestricted)
    .where(eq(beneficiaryRestricted.beneficiaryId, wish.beneficiaryId))
    .get();
  if (!file || !restricted) throw new Error(`wish ${wish.id} has no complete file`);
  const consent = consentInForce(db, wish.beneficiaryId);
  if (!consent) throw new AppError('CONSENT_REQUIRED');
  const story = consent.publishStory ? file.story : null;

  const context = {
    realName: restricted.realName,
    guardianName: restricted.guardianName,
    school: restricted.school,
  };
  const fields: [string, string | null][] = [
    ['title', wish.title],
    ['description', wish.description],
    ['story', story],
  ];
  const blocking = fields.flatMap(([field, text]) =>
    text === null
      ? []
      : lintPublicText(text, context)
          .filter((f: PrivacyFinding) => f.severity === 'error')
          .map(({ kind, start, end, text: span, message }) => ({
            field,
            kind,
            start,
            end,
            text: span,
            message,
          })),
  );
  if (blocking.length > 0) throw new AppError('PRIVACY_FINDINGS', { details: blocking });
  return { story };
}
