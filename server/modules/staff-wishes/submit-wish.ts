import { and, eq } from 'drizzle-orm';
import type { ContentCheck } from '../../../shared/constants';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { users, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { ContentChecker } from '../../integrations/wechat/msg-sec-check';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { findWishFor, transition } from './find-wish';
import { assertPublishable } from './public-text';
import { staffWishById } from './staff-wish-view';

/**
 * Sends a draft (or returned) wish to the reviewers. Refused while the file has no consent, while
 * the public text carries personal data (PRIVACY_FINDINGS), or when WeChat's content check calls it
 * risky. A `review` verdict — or no verdict, when WeChat cannot be asked — is passed on to the
 * human reviewer, who reviews every wish anyway.
 */
export async function submitWish(
  db: Db,
  checker: ContentChecker | null,
  actor: Actor,
  publicId: string,
  meta: RequestMeta,
): Promise<StaffWish> {
  const wish = findWishFor(db, actor, publicId, 'wish.write', meta);
  const to = transition(wish.status, 'submit');
  assertPublishable(db, wish);
  const contentCheck = await checkContent(db, checker, actor, [wish.title, wish.description, wish.story]);

  return db.transaction(
    (tx) => {
      // The check ran outside the transaction: the wish must still be the one that was checked.
      const done = tx
        .update(wishes)
        .set({
          status: to,
          contentCheck,
          submittedAt: meta.now,
          updatedAt: meta.now,
          version: wish.version + 1,
        })
        .where(and(eq(wishes.id, wish.id), eq(wishes.version, wish.version)))
        .returning({ id: wishes.id })
        .get();
      if (!done) throw new AppError('EDIT_CONFLICT');
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'wish.submitted',
          outcome: 'ok',
          targetType: 'wish',
          targetId: publicId,
          details: { contentCheck },
        },
        meta,
      );
      return staffWishById(tx, wish.id);
    },
    { behavior: 'immediate' },
  );
}

async function checkContent(
  db: Db,
  checker: ContentChecker | null,
  actor: Actor,
  texts: (string | null)[],
): Promise<ContentCheck> {
  // WeChat's check needs the openid of a user who recently used the mini-program.
  const openid = db
    .select({ openid: users.wechatOpenid })
    .from(users)
    .where(eq(users.id, actor.userId))
    .get()?.openid;
  if (!checker || !openid) return 'unchecked';
  const [title, ...rest] = texts;
  try {
    const verdict = await checker.check({
      content: rest.filter((t): t is string => t !== null).join('\n'),
      title: title ?? undefined,
      openid,
      scene: 1,
    });
    if (verdict.suggest === 'risky') throw new AppError('CONTENT_RISKY');
    return verdict.suggest;
  } catch (err) {
    if (err instanceof AppError) throw err;
    return 'unchecked';
  }
}
