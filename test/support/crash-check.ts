import type Database from 'better-sqlite3';
import type { VerifierKey } from '../../shared/checkpoint';
import { auditLedger } from '../../server/modules/ledger-log/audit-ledger';
import type { WriteRecord } from './crash-writer';

/**
 * What the crash harness checks after every restart, from the database file alone, in one read
 * transaction (one consistent snapshot):
 * - `PRAGMA integrity_check` is ok and no foreign key dangles;
 * - the ledger audit (`npm run verify-ledger`'s checks) finds nothing: every transaction balances
 *   (G1), leaves run without gaps and match their rows, the Merkle tree and every signed
 *   checkpoint agree (G2), stored balances equal a replay of the postings (G4);
 * - the log only grew: every leaf seen at the last check is still there with the same hash (G2);
 * - every acknowledged write is there, as it was answered (G8);
 * - every write is whole or absent: a donation's idempotency record, ledger transaction, donation
 *   row (receipt), bank posting and audit event all exist or none does; a claim's idempotency
 *   record, claim row, taken share, `claimed` step, audit event and inbox message likewise;
 * - nothing else was written: as many claims and harness donations as committed writes.
 */

export interface CheckResult {
  problems: string[];
  /** Leaf hashes (hex) by leaf index, for the next check's append-only comparison. */
  leaves: string[];
  /** Writes found committed, by record number. */
  committed: Set<number>;
  transactions: number;
}

interface IdemRow {
  user_id: number;
  key: string;
  response_body: string;
}
interface TxRow {
  public_id: string;
  idempotency_key: string;
  receipt: string | null;
  donor_name: string | null;
  bank_fen: number | null;
}
interface WishRow {
  public_id: string;
  status: string;
  shares_taken: number;
}
interface ClaimRow {
  id: number;
  public_id: string;
  wish: string;
  donor: number;
}

export function checkCrashedDatabase(
  sqlite: Database.Database,
  records: readonly WriteRecord[],
  previousLeaves: readonly string[],
  vkey: VerifierKey,
): CheckResult {
  return sqlite.transaction(() => check(sqlite, records, previousLeaves, vkey))();
}

function check(
  sqlite: Database.Database,
  records: readonly WriteRecord[],
  previousLeaves: readonly string[],
  vkey: VerifierKey,
): CheckResult {
  const problems: string[] = [];
  const integrity = sqlite.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const dangling = sqlite.pragma('foreign_key_check') as unknown[];
  if (dangling.length) problems.push(`foreign_key_check: ${JSON.stringify(dangling.slice(0, 5))}`);

  const audit = auditLedger(sqlite, { vkey });
  for (const f of audit.findings.slice(0, 20)) {
    problems.push(`ledger audit: ${f.tx ?? ''} (leaf ${f.leafIndex ?? '-'}): ${f.problem}`);
  }

  const leaves = sqlite
    .prepare('SELECT hex(leaf_hash) FROM ledger_transactions ORDER BY leaf_index')
    .pluck()
    .all() as string[];
  const changed = previousLeaves.findIndex((h, i) => leaves[i] !== h);
  if (changed >= 0) problems.push(`ledger leaf ${changed} changed or vanished since the last check`);

  const idem = new Map(
    (
      sqlite
        .prepare("SELECT user_id, key, response_body FROM idempotency_keys WHERE key LIKE 'crash-%'")
        .all() as IdemRow[]
    ).map((r) => [`${r.user_id} ${r.key}`, JSON.parse(r.response_body) as { id: string }]),
  );
  const txs = new Map(
    (
      sqlite
        .prepare(
          `SELECT t.public_id, t.idempotency_key, d.receipt_public_id AS receipt, d.donor_name,
                  (SELECT sum(p.amount_fen) FROM ledger_postings p
                    WHERE p.tx_id = t.id AND p.account = 'bank') AS bank_fen
           FROM ledger_transactions t LEFT JOIN donations d ON d.tx_id = t.id
           WHERE t.idempotency_key LIKE 'user:%:crash-%'`,
        )
        .all() as TxRow[]
    ).map((r) => [r.idempotency_key, r]),
  );
  const donationAudits = countBy(
    sqlite
      .prepare("SELECT target_id FROM audit_events WHERE action = 'ledger.donation' AND outcome = 'ok'")
      .pluck()
      .all() as string[],
  );
  const claimAudits = countBy(
    sqlite
      .prepare(
        `SELECT target_id || ' ' || json_extract(details, '$.claim') FROM audit_events
         WHERE action = 'claim.create' AND outcome = 'ok'`,
      )
      .pluck()
      .all() as string[],
  );
  const wishes = new Map(
    (sqlite.prepare('SELECT public_id, status, shares_taken FROM wishes').all() as WishRow[]).map((w) => [
      w.public_id,
      w,
    ]),
  );
  const claimsByWish = new Map<string, ClaimRow[]>();
  for (const c of sqlite
    .prepare(
      `SELECT c.id, c.public_id, w.public_id AS wish, c.donor_user_id AS donor
       FROM claims c JOIN wishes w ON w.id = c.wish_id`,
    )
    .all() as ClaimRow[]) {
    claimsByWish.set(c.wish, [...(claimsByWish.get(c.wish) ?? []), c]);
  }
  const claimedSteps = countBy(
    sqlite.prepare("SELECT claim_id FROM fulfilment_events WHERE kind = 'claimed'").pluck().all() as number[],
  );
  const inbox = countBy(
    sqlite.prepare('SELECT claim_id FROM notifications WHERE claim_id IS NOT NULL').pluck().all() as number[],
  );

  const committed = new Set<number>();
  let committedDonations = 0;
  let committedClaims = 0;
  for (const r of records) {
    const say = (what: string) =>
      problems.push(`${r.state} ${r.kind} #${r.n} (cycle ${r.cycle}, key ${r.key}): ${what}`);
    const answer = idem.get(`${r.actor.userId} ${r.key}`);
    if (r.kind === 'donation') {
      const tx = txs.get(`user:${r.actor.userId}:${r.key}`);
      const parts = {
        'idempotency record': answer !== undefined,
        'ledger transaction': tx !== undefined,
        'donation row': tx?.receipt != null,
        'bank posting': tx?.bank_fen != null,
        'audit event': tx !== undefined && donationAudits.get(tx.public_id) === 1,
      };
      if (!wholeOrAbsent(parts, say)) continue;
      if (!tx) {
        if (r.state === 'acked') say('acknowledged, but not in the database');
        continue;
      }
      committed.add(r.n);
      committedDonations += 1;
      if (r.state === 'refused') say('refused, yet written');
      if (answer?.id !== tx.public_id) say(`its stored answer names ${answer?.id}, not ${tx.public_id}`);
      if (tx.bank_fen !== r.amountFen) say(`${tx.bank_fen} fen posted, ${r.amountFen} sent`);
      if (r.state === 'acked' && (tx.public_id !== r.id || tx.receipt !== r.receipt)) {
        say(`answered ${r.id} / receipt ${r.receipt}, stored ${tx.public_id} / ${tx.receipt}`);
      }
    } else {
      const wish = wishes.get(r.wishId as string);
      const claims = claimsByWish.get(r.wishId as string) ?? [];
      const claim = claims[0];
      if (claims.length > 1) say(`the wish has ${claims.length} claims`);
      const parts = {
        'idempotency record': answer !== undefined,
        'claim row': claim !== undefined,
        'taken share': wish?.shares_taken === 1 && wish.status === 'claimed',
        '`claimed` step': claim !== undefined && claimedSteps.get(String(claim.id)) === 1,
        'audit event': claim !== undefined && claimAudits.get(`${r.wishId} ${claim.public_id}`) === 1,
        'inbox message': claim !== undefined && inbox.get(String(claim.id)) === 1,
      };
      if (!wholeOrAbsent(parts, say)) continue;
      if (!claim) {
        if (r.state === 'acked') say('acknowledged, but not in the database');
        continue;
      }
      committed.add(r.n);
      committedClaims += 1;
      if (r.state === 'refused') say('refused, yet written');
      if (answer?.id !== claim.public_id)
        say(`its stored answer names ${answer?.id}, not ${claim.public_id}`);
      if (claim.donor !== r.actor.userId) say(`claimed by user ${claim.donor}, sent by ${r.actor.userId}`);
      if (r.state === 'acked' && claim.public_id !== r.id) say(`answered ${r.id}, stored ${claim.public_id}`);
    }
  }
  const donorIds = new Set(records.filter((r) => r.kind === 'claim').map((r) => r.actor.userId));
  const harnessClaims = [...claimsByWish.values()].flat().filter((c) => donorIds.has(c.donor)).length;
  if (harnessClaims !== committedClaims) {
    problems.push(
      `${harnessClaims} claims by the harness's donors, ${committedClaims} committed claim writes`,
    );
  }
  if (txs.size !== committedDonations) {
    problems.push(
      `${txs.size} harness transactions in the ledger, ${committedDonations} committed donation writes`,
    );
  }
  const strayAudits = sqlite
    .prepare(
      `SELECT count(*) FROM audit_events a
       WHERE (a.action = 'ledger.donation'
              AND NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.public_id = a.target_id))
          OR (a.action = 'claim.create'
              AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.public_id = json_extract(a.details, '$.claim')))`,
    )
    .pluck()
    .get() as number;
  if (strayAudits > 0) problems.push(`${strayAudits} audit events name a write that is not there`);
  if (idem.size !== committed.size) {
    problems.push(`${idem.size} idempotency records, ${committed.size} committed writes`);
  }
  return { problems, leaves, committed, transactions: audit.transactions };
}

function countBy(values: (string | number)[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
  return m;
}

/** True when every part is there or none is; otherwise reports which are missing. */
function wholeOrAbsent(parts: Record<string, boolean>, say: (what: string) => void): boolean {
  const present = Object.values(parts).filter(Boolean).length;
  if (present === 0 || present === Object.keys(parts).length) return true;
  const missing = Object.entries(parts)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  say(`half-written: without ${missing.join(', ')}`);
  return false;
}
