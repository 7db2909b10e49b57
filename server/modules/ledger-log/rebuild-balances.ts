import Database from 'better-sqlite3';

const REPLAY = `SELECT org_id, account, unit, sum(amount_fen) AS balance FROM ledger_postings
                GROUP BY org_id, account, unit`;

/**
 * Rewrites ledger_balances — derived data, the one ledger table that may be written — from a
 * replay of the postings, in one transaction. Returns how many balances there are now and how
 * many differed (changed, added or dropped).
 */
export function rebuildBalances(databasePath: string): { rows: number; changed: number } {
  const sqlite = new Database(databasePath, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    return sqlite
      .transaction(() => {
        const key = (r: { org_id: number; account: string; unit: string }) =>
          `${r.org_id}\u0000${r.account}\u0000${r.unit}`;
        const before = new Map(
          (
            sqlite
              .prepare('SELECT org_id, account, unit, balance_fen AS balance FROM ledger_balances')
              .all() as {
              org_id: number;
              account: string;
              unit: string;
              balance: number;
            }[]
          ).map((r) => [key(r), r.balance]),
        );
        sqlite.prepare('DELETE FROM ledger_balances').run();
        const inserted = sqlite
          .prepare(`INSERT INTO ledger_balances (org_id, account, unit, balance_fen) ${REPLAY}`)
          .run().changes;
        const after = sqlite.prepare(`${REPLAY}`).all() as {
          org_id: number;
          account: string;
          unit: string;
          balance: number;
        }[];
        const changed =
          after.filter((r) => before.get(key(r)) !== r.balance).length +
          [...before.keys()].filter((k) => !after.some((r) => key(r) === k)).length;
        return { rows: inserted, changed };
      })
      .immediate();
  } finally {
    sqlite.close();
  }
}
