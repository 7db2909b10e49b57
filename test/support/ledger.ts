import type { LightMyRequestResponse } from 'fastify';
import { chinaDate } from '../../shared/china-date';
import type { RecordDonationBody } from '../../shared/schemas/ledger';
import { newKey } from './donors';
import type { TestApp } from './test-app';

// Helpers for ledger tests: writes as finance staff, and what the books hold.

/** A write to the ledger API (POST with an Idempotency-Key, fresh unless given). */
export function ledgerPost(
  t: TestApp,
  token: string | null,
  url: string,
  payload: object,
  key: string | null = newKey(),
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(key !== null && { 'idempotency-key': key }),
    },
    payload,
  });
}

export const today = (): string => chinaDate(Date.now());

/** A bank transfer into the unrestricted fund, unless `over` says otherwise. */
export function donationBody(over: Partial<RecordDonationBody> = {}): RecordDonationBody {
  return {
    amountFen: 50000,
    campaignId: null,
    channel: 'bank',
    donorName: '张三丰',
    donorDisplay: 'masked',
    receivedOn: today(),
    ...over,
  };
}

/** Transactions whose postings do not sum to 0 per unit (the integrity query; should be none). */
export function unbalancedTransactions(t: TestApp): unknown[] {
  return t.sqlite
    .prepare(
      `SELECT tx_id, unit, sum(amount_fen) AS s FROM ledger_postings GROUP BY tx_id, unit HAVING s <> 0`,
    )
    .all();
}

/** Stored balances that differ from a replay of the postings (should be none). */
export function balancesOffReplay(t: TestApp): unknown[] {
  return t.sqlite
    .prepare(
      `SELECT b.org_id, b.account, b.unit, b.balance_fen, r.s FROM ledger_balances b
       LEFT JOIN (SELECT org_id, account, unit, sum(amount_fen) AS s FROM ledger_postings
                  GROUP BY org_id, account, unit) r
         ON r.org_id = b.org_id AND r.account = b.account AND r.unit = b.unit
       WHERE r.s IS NULL OR r.s <> b.balance_fen
       UNION ALL
       SELECT p.org_id, p.account, p.unit, NULL, sum(p.amount_fen) FROM ledger_postings p
       WHERE NOT EXISTS (SELECT 1 FROM ledger_balances b WHERE b.org_id = p.org_id
                         AND b.account = p.account AND b.unit = p.unit)
       GROUP BY p.org_id, p.account, p.unit`,
    )
    .all();
}

/** The demo bureau's campaign (whose restricted fund tests spend) and a published wish of it to buy for. */
export function bookRefs(t: TestApp): { campaignId: string; wishId: string } {
  const campaign = t.sqlite.prepare('SELECT public_id AS id FROM campaigns ORDER BY id LIMIT 1').get() as {
    id: string;
  };
  const wish = t.sqlite
    .prepare(
      `SELECT w.public_id AS id FROM wishes w JOIN organizations o ON o.id = w.org_id
       WHERE o.name = '云溪县民政局儿童福利股' AND w.status = 'published' ORDER BY w.id LIMIT 1`,
    )
    .get() as { id: string };
  return { campaignId: campaign.id, wishId: wish.id };
}
