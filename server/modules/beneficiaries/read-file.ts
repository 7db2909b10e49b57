import type { BeneficiaryFile } from '../../../shared/schemas/beneficiaries';
import type { Db } from '../../db/client';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { fullFile } from './file-view';
import { findFileFor } from './find-file';

/** The whole file, restricted side included. The read is audited in the same transaction. */
export function readFile(db: Db, actor: Actor, publicId: string, meta: RequestMeta): BeneficiaryFile {
  const file = findFileFor(db, actor, publicId, 'beneficiary.read_restricted', meta);
  return db.transaction((tx) => {
    recordAudit(
      tx,
      {
        actorUserId: actor.userId,
        action: 'beneficiary.read_restricted',
        outcome: 'ok',
        targetType: 'beneficiary',
        targetId: publicId,
      },
      meta,
    );
    return fullFile(tx, file.id, meta.now);
  });
}
