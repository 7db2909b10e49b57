import { and, asc, eq, inArray } from 'drizzle-orm';
import { chinaDate } from '../../shared/china-date';
import type { RecordDonationBody } from '../../shared/schemas/ledger';
import type { Db } from '../db/client';
import { campaigns, memberships, organizations, regions, users, wishes } from '../db/schema';
import type { Actor } from '../modules/access/actor';
import type { RequestMeta } from '../modules/audit/record-audit';
import type { LedgerSigner } from '../modules/ledger-log/signing-key';
import { refundDonation, reverseLedgerTx } from '../modules/ledger/correct-ledger';
import { recordDonation } from '../modules/ledger/record-donation';
import { recordPurchase } from '../modules/ledger/record-purchase';
import { createReport } from '../modules/reports/create-report';
import { publishReport } from '../modules/reports/publish-report';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A few weeks of the bureau's books, entered by its finance persona through the real use cases:
 * donations by bank and in cash (named, masked and anonymous donors; into the campaign's fund and
 * the unrestricted one), purchases for two wishes, a partial refund, and a typo corrected by a
 * reversal and a new entry — so the ledger, dashboard and reports have something true to show.
 * Last month's 公示 is published, so the public tab has a report to read and verify.
 */
export function seedDemoLedger(db: Db, signer: LedgerSigner, now: number): void {
  const finance = db
    .select({
      userId: users.id,
      publicId: users.publicId,
      orgId: memberships.orgId,
      regionPath: regions.path,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(regions, eq(regions.id, organizations.regionId))
    .where(eq(users.demoPersona, 'finance'))
    .get();
  if (!finance) return;
  const actor: Actor = {
    userId: finance.userId,
    publicId: finance.publicId,
    sessionId: 0,
    isPlatformAdmin: false,
    currentOrgId: finance.orgId,
    memberships: [{ orgId: finance.orgId, role: 'finance', regionPath: finance.regionPath }],
  };
  const campaign =
    db
      .select({ id: campaigns.publicId })
      .from(campaigns)
      .where(eq(campaigns.orgId, finance.orgId))
      .orderBy(asc(campaigns.id))
      .get()?.id ?? null;
  const [first, second] = db
    .select({ id: wishes.publicId })
    .from(wishes)
    .where(and(eq(wishes.orgId, finance.orgId), inArray(wishes.status, ['published', 'claimed'])))
    .orderBy(asc(wishes.urgencyRank), asc(wishes.publishedAt))
    .limit(2)
    .all();

  let step = 0;
  const meta = (): RequestMeta => ({ ip: '127.0.0.1', requestId: `demo-ledger-${step}`, now });
  const key = () => `demo-ledger-${(step += 1)}`;
  const daysAgo = (d: number) => chinaDate(now - d * DAY_MS);
  const donate = (d: number, body: Omit<RecordDonationBody, 'receivedOn'>) =>
    recordDonation(db, actor, { ...body, receivedOn: daysAgo(d) }, key(), meta());

  donate(40, {
    amountFen: 500000,
    campaignId: campaign,
    channel: 'bank',
    donorName: '爱心企业·县城新华书店',
    donorDisplay: 'named',
    memo: '对公转账',
  });
  const zhang = donate(35, {
    amountFen: 20000,
    campaignId: null,
    channel: 'cash',
    donorName: '张建国',
    donorDisplay: 'masked',
    receiptNo: 'YX-2026-0158',
  });
  donate(30, {
    amountFen: 100000,
    campaignId: null,
    channel: 'bank',
    donorName: '李梅',
    donorDisplay: 'anonymous',
  });
  donate(20, {
    amountFen: 326000,
    campaignId: campaign,
    channel: 'bank',
    donorName: '云溪县第一中学全体教师',
    donorDisplay: 'named',
    memo: '教师节爱心捐款',
  });
  if (first) {
    recordPurchase(
      db,
      actor,
      { wishId: first.id, amountFen: 38000, campaignId: campaign, paidFrom: 'cash', paidOn: daysAgo(12) },
      key(),
      meta(),
    );
  }
  const typo = donate(10, {
    amountFen: 50000,
    campaignId: null,
    channel: 'bank',
    donorName: '王芳',
    donorDisplay: 'masked',
  });
  reverseLedgerTx(db, actor, typo.id, { reason: '金额录错：实际到账 50 元' }, key(), meta());
  donate(10, {
    amountFen: 5000,
    campaignId: null,
    channel: 'bank',
    donorName: '王芳',
    donorDisplay: 'masked',
  });
  refundDonation(
    db,
    actor,
    zhang.id,
    { amountFen: 10000, paidOn: daysAgo(5), reason: '捐赠人多给了一份，退回 100 元' },
    key(),
    meta(),
  );
  if (second) {
    recordPurchase(
      db,
      actor,
      { wishId: second.id, amountFen: 12000, campaignId: null, paidFrom: 'bank', paidOn: daysAgo(2) },
      key(),
      meta(),
    );
  }
  const report = createReport(db, signer, actor, { kind: 'month', month: lastMonth(now) }, key(), meta());
  publishReport(db, actor, report.id, meta());
}

/** `YYYY-MM` of the China month before `now`'s. */
function lastMonth(now: number): string {
  const [year, month] = chinaDate(now).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
