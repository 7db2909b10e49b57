import type { Db } from './db/client';
import { pruneIdempotencyKeys } from './modules/claims/idempotency';
import { sweepClaims } from './modules/claims/sweep-claims';
import { makeDailyCheckpoint } from './modules/ledger-log/create-checkpoint';
import type { LedgerSigner } from './modules/ledger-log/signing-key';
import { expireEndedCampaignWishes } from './modules/staff-wishes/campaigns';

export interface SweepResult {
  expiredWishes: number;
  releasedClaims: number;
  reminders: number;
  prunedKeys: number;
  checkpoints: number;
}

/**
 * The periodic housekeeping, run by the server every minute and by `npm run sweep`: wishes of
 * ended campaigns expire, overdue claims are released, deadline reminders go out, old
 * idempotency keys are forgotten, and the ledger log gets its daily signed checkpoint (when a
 * signer is given). Safe to run from several processes at once.
 */
export function runSweeps(db: Db, now: number, ledgerSigner: LedgerSigner | null = null): SweepResult {
  const expiredWishes = expireEndedCampaignWishes(db, now);
  const { released, reminded } = sweepClaims(db, now);
  return {
    expiredWishes,
    releasedClaims: released,
    reminders: reminded,
    prunedKeys: pruneIdempotencyKeys(db, now),
    checkpoints: ledgerSigner ? makeDailyCheckpoint(db, ledgerSigner, now) : 0,
  };
}
