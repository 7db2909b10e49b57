import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { VerifierKey } from '../../../shared/checkpoint';
import { postingsRefusal, type LedgerTxKind, type LedgerUnit } from '../../../shared/ledger';
import { leafText, type LedgerLeaf } from '../../../shared/ledger-leaf';
import { createLedgerRules } from '../../../shared/ledger-verify';
import { prepareReportAudit } from './audit-reports';
import { checkCheckpoints, checkTreeNodes } from './audit-tree';
import { fastLeafHash, TreeLevels } from './tree-levels';

/**
 * Everything `npm run verify-ledger` checks, over a read-only connection: each transaction's
 * canonical leaf rebuilt from its rows, the rules of each and across them, stored balances
 * against a replay, the Merkle log against its stored nodes and every signed checkpoint, and
 * reports against the leaves they were computed from. Rows are streamed (`iterate`), so a
 * million transactions take seconds and little memory.
 */

/** A finding; `leafIndex` names the transaction when the finding is about one. */
export interface Finding {
  leafIndex: number | null;
  tx: string | null;
  problem: string;
}

export interface AuditOptions {
  /** The log's verifier key; without it no checkpoint can be trusted (each is a finding). */
  vkey: VerifierKey | null;
  /** An auditor's saved signed checkpoint: the database's tree at its size must have its root. */
  savedCheckpoint?: string | null;
}

export interface AuditSummary {
  transactions: number;
  treeSize: number;
  root: string;
  checkpoints: number;
  latestCheckpoint: number | null;
  balances: number;
  reports: number;
  findings: Finding[];
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const toPosting = ([account, unit, amountFen]: [string, LedgerUnit, number]) => ({
  account,
  unit,
  amountFen,
});

/** The donor's commitment (shared/ledger-leaf donorCommitment) with node:crypto. */
export function fastDonorCommitment(saltHex: string, donorName: string): string {
  return createHash('sha256').update(`xinyuan-donor-v1\n${saltHex}\n${donorName}`).digest('hex');
}

type TxRow = [
  id: number,
  publicId: string,
  leafIndex: number,
  org: string | null,
  kind: LedgerTxKind,
  effectiveAt: number,
  recordedAt: number,
  reverses: string | null,
  refundOf: string | null,
  campaign: string | null,
  wish: string | null,
  receiptNo: string | null,
  salt: string | null,
  donorName: string | null,
  leaf: string,
  leafHash: Buffer,
  orgId: number,
];
type PostingRow = [txId: number, orgId: number, account: string, unit: LedgerUnit, amountFen: number];

// Transactions with what their leaf names, in insertion (= leaf) order; their postings come from
// a second cursor in the same order and are merged in, so no leaf text is read twice.
const TX_ROWS = `
  SELECT t.id, t.public_id, t.leaf_index, o.public_id, t.kind, t.effective_at, t.recorded_at,
         r.public_id, f.public_id, c.public_id, w.public_id, d.receipt_no, d.salt, d.donor_name,
         t.leaf, t.leaf_hash, t.org_id
  FROM ledger_transactions t
  LEFT JOIN organizations o ON o.id = t.org_id
  LEFT JOIN ledger_transactions r ON r.id = t.reverses_id
  LEFT JOIN ledger_transactions f ON f.id = t.refund_of_id
  LEFT JOIN campaigns c ON c.id = t.campaign_id
  LEFT JOIN wishes w ON w.id = t.wish_id
  LEFT JOIN donations d ON d.tx_id = t.id
  ORDER BY t.id`;
const POSTING_ROWS =
  'SELECT tx_id, org_id, account, unit, amount_fen FROM ledger_postings ORDER BY tx_id, id';

// Transactions a later one refers to: the rules keep only these in memory.
const REFERRED = `
  SELECT o.public_id FROM ledger_transactions t JOIN ledger_transactions o ON o.id = t.reverses_id
  UNION SELECT o.public_id FROM ledger_transactions t JOIN ledger_transactions o ON o.id = t.refund_of_id`;

export function auditLedger(sqlite: Database.Database, options: AuditOptions): AuditSummary {
  const findings: Finding[] = [];
  const find = (problem: string, leafIndex: number | null = null, tx: string | null = null) => {
    findings.push({ leafIndex, tx, problem });
  };
  const count = (sqlite.prepare('SELECT count(*) FROM ledger_transactions').pluck().get() as number) ?? 0;
  const referred = new Set(sqlite.prepare(REFERRED).pluck().all() as string[]);
  const rules = createLedgerRules((tx) => referred.has(tx));
  const tree = new TreeLevels(count);
  const replay = new Map<string, number>();
  const reports = prepareReportAudit(sqlite);
  let nextIndex = 0;

  // Called a million times: no closures, copies or objects beyond the leaf itself.
  const checkTransaction = (row: TxRow, lines: [string, LedgerUnit, number][]) => {
    const leafIndex = row[2];
    const publicId = row[1];
    const org = row[3];
    const storedLeaf = row[14];
    if (org === null) find('its organization does not exist', leafIndex, publicId);
    if (leafIndex !== nextIndex) {
      find(
        `leaves ${nextIndex}…${leafIndex - 1} are missing or out of order: leaf indices must run without gaps`,
        leafIndex,
        publicId,
      );
    }
    nextIndex = leafIndex + 1;
    const salt = row[12];
    const leaf: LedgerLeaf = {
      v: 1,
      index: leafIndex,
      tx: publicId,
      org: org ?? '',
      kind: row[4],
      effectiveAt: row[5],
      recordedAt: row[6],
      postings: lines,
      reverses: row[7],
      refundOf: row[8],
      campaign: row[9],
      wish: row[10],
      receipt: row[11],
      donor: salt === null ? null : fastDonorCommitment(salt, row[13] ?? ''),
    };
    // The tree is built from the leaf the rows make; the stored text and hash must be exactly it.
    const text = leafText(leaf);
    const storedLeafHash = fastLeafHash(storedLeaf);
    const hash = text === storedLeaf ? storedLeafHash : fastLeafHash(text);
    if (text !== storedLeaf)
      find('its published leaf differs from its rows (postings, links or donation)', leafIndex, publicId);
    if (!storedLeafHash.equals(row[15]))
      find('its stored leaf hash is not the hash of its leaf', leafIndex, publicId);
    const refusal = postingsRefusal(lines.map(toPosting));
    if (refusal) find(`does not balance: ${refusal}`, leafIndex, publicId);
    tree.push(hash);
    rules.add(leaf);
    reports.collect(leaf);
  };

  const postingRows = sqlite.prepare(POSTING_ROWS).raw().iterate() as IterableIterator<PostingRow>;
  let posting = postingRows.next();
  let orphans = 0;
  const replayPosting = ([, orgId, account, unit, amountFen]: PostingRow) => {
    const key = `${orgId}\u0000${account}\u0000${unit}`;
    replay.set(key, (replay.get(key) ?? 0) + amountFen);
  };
  for (const row of sqlite.prepare(TX_ROWS).raw().iterate() as IterableIterator<TxRow>) {
    const lines: [string, LedgerUnit, number][] = [];
    for (; !posting.done && posting.value[0] <= row[0]; posting = postingRows.next()) {
      const p = posting.value;
      replayPosting(p);
      if (p[0] < row[0]) {
        orphans += 1;
        continue;
      }
      lines.push([p[2], p[3], p[4]]);
      if (p[1] !== row[16]) find(`a posting to ${p[2]} belongs to another organization`, row[2], row[1]);
    }
    checkTransaction(row, lines);
  }
  for (; !posting.done; posting = postingRows.next()) {
    replayPosting(posting.value);
    orphans += 1;
  }
  if (orphans > 0) find(`${orphans} postings belong to no transaction`);
  for (const b of rules.broken()) find(b.problem, b.index, b.tx);

  const strayDonations = sqlite
    .prepare(
      'SELECT count(*) FROM donations d LEFT JOIN ledger_transactions t ON t.id = d.tx_id WHERE t.id IS NULL',
    )
    .pluck()
    .get() as number;
  if (strayDonations > 0) find(`${strayDonations} donations belong to no transaction`);

  const balances = checkBalances(sqlite, replay, find);
  tree.build();
  checkTreeNodes(sqlite, tree, find);
  const checkpoints = checkCheckpoints(sqlite, tree, options, find);
  const reportCount = reports.check(tree, options.vkey, find);
  nameTransactions(sqlite, findings);
  return {
    transactions: count,
    treeSize: tree.size,
    root: b64(tree.rootAt(tree.size)),
    checkpoints: checkpoints.count,
    latestCheckpoint: checkpoints.latest,
    balances,
    reports: reportCount,
    findings,
  };
}

export type Find = (problem: string, leafIndex?: number | null, tx?: string | null) => void;

/** Stored balances against the replay of every posting. */
function checkBalances(sqlite: Database.Database, replay: Map<string, number>, find: Find): number {
  const seen = new Set<string>();
  let n = 0;
  const rows = sqlite
    .prepare('SELECT org_id, account, unit, balance_fen FROM ledger_balances')
    .raw()
    .iterate();
  for (const [orgId, account, unit, balance] of rows as IterableIterator<[number, string, string, number]>) {
    n += 1;
    const key = `${orgId}\u0000${account}\u0000${unit}`;
    seen.add(key);
    const replayed = replay.get(key) ?? 0;
    if (replayed !== balance) {
      find(
        `stored balance of ${account} (${unit}) of organization ${orgId} is ${balance}, its postings sum to ${replayed}`,
      );
    }
  }
  for (const [key, sum] of replay) {
    if (!seen.has(key) && sum !== 0) {
      const [orgId, account, unit] = key.split('\u0000');
      find(
        `no stored balance for ${account} (${unit}) of organization ${orgId}, whose postings sum to ${sum}`,
      );
    }
  }
  return n;
}

/** Findings about a leaf index learn its transaction's public id (after the streaming is over). */
function nameTransactions(sqlite: Database.Database, findings: Finding[]): void {
  const byIndex = sqlite.prepare('SELECT public_id FROM ledger_transactions WHERE leaf_index = ?').pluck();
  for (const f of findings) {
    if (f.tx === null && f.leafIndex !== null)
      f.tx = (byIndex.get(f.leafIndex) as string | undefined) ?? null;
  }
}
