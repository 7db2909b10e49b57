import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/tx';
import { beneficiaryRestricted } from '../../db/schema';
import { AppError } from '../../app-error';
import { consentInForce } from '../beneficiaries/find-file';
import { assertNoPrivacyFindings } from '../beneficiaries/privacy';
import type { WishRow } from './find-wish';

/**
 * Before a wish goes to review and again before it is published: the file has a guardian's
 * consent, and the wish's public text — title, description, the pseudonym and (when the consent
 * allows publishing it) the story — carries nothing that identifies the child.
 */
export function assertPublishable(db: DbOrTx, wish: WishRow): void {
  const restricted = db
    .select()
    .from(beneficiaryRestricted)
    .where(eq(beneficiaryRestricted.beneficiaryId, wish.beneficiaryId))
    .get();
  if (!restricted) throw new Error(`wish ${wish.id} has no complete file`);
  const consent = consentInForce(db, wish.beneficiaryId);
  if (!consent) throw new AppError('CONSENT_REQUIRED');
  assertNoPrivacyFindings(
    [
      ['title', wish.title],
      ['description', wish.description],
      ['pseudonym', wish.pseudonym],
      ['story', consent.publishStory ? wish.story : null],
    ],
    restricted,
  );
}
