import type { ReceiveBody } from '../../../shared/schemas/claims';
import type { Db } from '../../db/client';
import type { Actor } from '../access/actor';
import type { RequestMeta } from '../audit/record-audit';
import type { ClaimRow } from '../claims/claim-view';
import { moveClaim } from '../claims/move-claim';
import { links, notify } from '../notifications/notify';

/**
 * The caseworker records what arrived at the hand-over point. Anything but "good" goes back to
 * the donor as a problem with the caseworker's note; the donor can send it again.
 */
export function receiveClaim(
  db: Db,
  actor: Actor,
  row: ClaimRow,
  body: ReceiveBody,
  meta: RequestMeta,
): void {
  const problem = body.condition !== 'good';
  moveClaim(
    db,
    row.claim.id,
    {
      event: problem ? 'report_problem' : 'receive',
      audit: problem ? 'claim.problem' : 'claim.receive',
      actorUserId: actor.userId,
      details: { quantity: body.quantity, condition: body.condition, ...(body.note && { note: body.note }) },
      after: (tx, r) =>
        notify(
          tx,
          {
            userId: r.claim.donorUserId,
            kind: problem ? 'item_problem' : 'item_received',
            vars: { wishTitle: r.wish.title, note: body.note },
            link: links.claim(r.claim.publicId),
            wishId: r.wish.id,
            claimId: r.claim.id,
          },
          meta.now,
        ),
    },
    meta,
  );
}
