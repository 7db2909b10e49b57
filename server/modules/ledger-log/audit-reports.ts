import type Database from 'better-sqlite3';
import { verifySignedNote, type VerifierKey } from '../../../shared/checkpoint';
import type { LedgerLeaf } from '../../../shared/ledger-leaf';
import { reportScopeOf, reportTotalsDifferences, type StatedTotals } from '../../../shared/ledger-verify';
import { fromBase64 } from '../../../shared/base64';
import { verifyConsistency } from '../../../shared/merkle';
import type { Find } from './audit-ledger';
import type { TreeLevels } from './tree-levels';

/**
 * The verify command's check of 公示 reports (when the database has them): each report's
 * checkpoint is a signed tree head of this log, its figures recompute from the leaves that
 * checkpoint covers, and it is consistent with the report before it.
 */
interface ReportRow {
  id: number;
  publicId: string;
  org: string;
  kind: 'month' | 'quarter' | 'campaign';
  period: string;
  fromDate: string;
  toDate: string;
  snapshot: string;
  size: number;
  note: string;
  previousId: number | null;
  proof: string;
}

const REPORT_ROWS = `
  SELECT r.id, r.public_id AS publicId, o.public_id AS org, r.kind, r.period, r.from_date AS fromDate,
         r.to_date AS toDate, r.snapshot, r.checkpoint_size AS size, r.checkpoint_note AS note,
         r.previous_report_id AS previousId, r.consistency_proof AS proof
  FROM reports r JOIN organizations o ON o.id = r.org_id ORDER BY r.id`;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function prepareReportAudit(sqlite: Database.Database) {
  const hasReports =
    sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports'`).get() !==
    undefined;
  const rows = hasReports ? (sqlite.prepare(REPORT_ROWS).all() as ReportRow[]) : [];
  // Only the leaves of organizations with reports are kept, in log order.
  const leavesOf = new Map<string, LedgerLeaf[]>(rows.map((r) => [r.org, []]));

  return {
    collect(leaf: LedgerLeaf): void {
      leavesOf.get(leaf.org)?.push(leaf);
    },

    /** Checks every report; returns how many there were. */
    check(tree: TreeLevels, vkey: VerifierKey | null, find: Find): number {
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const r of rows) {
        const name = `report ${r.publicId} (${r.period})`;
        if (r.size > tree.size) {
          find(`${name} was computed from ${r.size} leaves, the log has only ${tree.size}`);
          continue;
        }
        const root = b64(tree.rootAt(r.size));
        const snapshot = JSON.parse(r.snapshot) as { checkpointRoot?: string; content?: StatedTotals };
        if (snapshot.checkpointRoot !== root)
          find(`${name}: its checkpoint root is not the log's root at size ${r.size}`);
        const verified = vkey ? verifySignedNote(r.note, vkey) : null;
        if (!verified) find(`${name}: no verifier key to check its checkpoint (give --key)`);
        else if (!verified.ok) find(`${name}: its checkpoint does not verify (${verified.reason})`);
        else if (verified.checkpoint.size !== r.size || b64(verified.checkpoint.root) !== root) {
          find(`${name}: its signed checkpoint names another tree than the one it was computed from`);
        }
        const previous = r.previousId === null ? null : byId.get(r.previousId);
        if (previous) {
          const proof = (JSON.parse(r.proof) as string[]).map((h) => fromBase64(h) ?? new Uint8Array());
          const ok =
            previous.size <= r.size &&
            verifyConsistency(previous.size, r.size, tree.rootAt(previous.size), tree.rootAt(r.size), proof);
          if (!ok) find(`${name}: its consistency proof from report ${previous.publicId} does not verify`);
        }
        if (!snapshot.content) {
          find(`${name}: it has no figures`);
          continue;
        }
        const leaves = (leavesOf.get(r.org) ?? []).filter((l) => l.index < r.size);
        const scope = reportScopeOf({
          org: r.org,
          kind: r.kind,
          period: { key: r.period, from: r.fromDate, to: r.toDate },
        });
        for (const d of reportTotalsDifferences(snapshot.content, leaves, scope)) find(`${name}: ${d}`);
      }
      return rows.length;
    },
  };
}
