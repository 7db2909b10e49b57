import type { LightMyRequestResponse } from 'fastify';
import { chinaDate } from '../../shared/china-date';
import type { ClaimStage, WishStatus } from '../../shared/constants';
import { ERRORS, type ErrorCode } from '../../shared/errors';
import type { Funds } from '../../shared/schemas/ledger';
import { uploadPhoto } from './media';
import { addStaff, call, CONSENT, demoLogin, fileBody, publicIdOf } from './staff';
import { createTestApp, type TestApp } from './test-app';

// The world of the lifecycle model test (test/api/lifecycle-model.test.ts): a real app on a real
// SQLite file with the demo data, the bureau's staff logged in, two children's files, a campaign
// ending tomorrow, and what the database holds, read straight from it.

const BUREAU = '云溪县民政局儿童福利股';
const VILLAGE = '上坑村';
/** Uploads per uploader before the next one takes over (the upload limit is 30 a minute per user). */
const UPLOADS_PER_UPLOADER = 25;

export interface LifecycleWorld {
  t: TestApp;
  caseworker: string;
  reviewer: string;
  finance: string;
  /** Two files of the caseworker's village: a red (48 h) and an orange (72 h) child. */
  files: [string, string];
  siteId: string;
  campaign: { id: string; endsAt: number };
  /** A fresh hand-over photo of the bureau (uploaded through the API). */
  handoverPhoto(): Promise<string>;
  close(): Promise<void>;
}

export async function lifecycleWorld(env: Record<string, string> = {}): Promise<LifecycleWorld> {
  const t = await createTestApp({ demo: true, env });
  const caseworker = await demoLogin(t, 'caseworker');
  const reviewer = await demoLogin(t, 'reviewer');
  const finance = await demoLogin(t, 'finance');
  const ok = async (res: Promise<LightMyRequestResponse>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`setup: ${r.statusCode} ${r.body}`);
    return r.json() as { id: string; items?: { id: string }[] };
  };
  const village = publicIdOf(t, 'regions', VILLAGE);
  const files: string[] = [];
  for (const urgency of ['red', 'orange'] as const) {
    const file = await ok(
      call(t, caseworker, 'POST', '/api/v1/beneficiaries', {
        ...fileBody(village, { urgency, pseudonym: urgency === 'red' ? '小红' : '小橙' }),
        consent: CONSENT,
      }),
    );
    files.push(file.id);
  }
  const sites = await ok(call(t, caseworker, 'GET', '/api/v1/staff/sites'));
  const siteId = sites.items?.[0]?.id;
  if (!siteId) throw new Error('setup: the caseworker has no hand-over site');
  const day = 86_400_000;
  const campaign = await ok(
    call(t, reviewer, 'POST', '/api/v1/staff/campaigns', {
      title: '模型测试·微心愿',
      startsOn: chinaDate(Date.now()),
      endsOn: chinaDate(Date.now() + day),
      targetWishCount: 100,
    }),
  );
  const { endsAt } = t.sqlite
    .prepare('SELECT ends_at AS endsAt FROM campaigns WHERE public_id = ?')
    .get(campaign.id) as { endsAt: number };

  let uploader = caseworker;
  let uploads = 0;
  return {
    t,
    caseworker,
    reviewer,
    finance,
    files: files as [string, string],
    siteId,
    campaign: { id: campaign.id, endsAt },
    async handoverPhoto() {
      if (uploads === UPLOADS_PER_UPLOADER) {
        uploader = addStaff(t, {
          name: '拍照的社工',
          org: BUREAU,
          role: 'caseworker',
          region: VILLAGE,
        }).token;
        uploads = 0;
      }
      uploads += 1;
      return (await uploadPhoto(t, uploader, 'handover')).id;
    },
    close: () => t.close(),
  };
}

/** Asserts a refusal (its status and stable code) or success (`ok` status), with the body on failure. */
export function expectAnswer(
  res: LightMyRequestResponse,
  refusal: ErrorCode | null,
  ok = 200,
): { status: number; code: string | null } {
  const body = res.json() as { error?: { code: string } };
  const seen = { status: res.statusCode, code: body.error?.code ?? null };
  const want = { status: refusal ? ERRORS[refusal].status : ok, code: refusal };
  if (seen.status !== want.status || seen.code !== want.code) {
    throw new Error(`expected ${JSON.stringify(want)}, the API answered ${res.statusCode} ${res.body}`);
  }
  return seen;
}

/** What the database holds, read straight from it. */
export function dbProbe(t: TestApp) {
  const one = <T>(sql: string, ...args: unknown[]) => t.sqlite.prepare(sql).get(...args) as T;
  const all = <T>(sql: string, ...args: unknown[]) => t.sqlite.prepare(sql).all(...args) as T[];
  const bureauId = one<{ id: number }>('SELECT id FROM organizations WHERE name = ?', BUREAU).id;
  return {
    wish: (publicId: string) =>
      one<{ status: WishStatus; taken: number }>(
        'SELECT status, shares_taken AS taken FROM wishes WHERE public_id = ?',
        publicId,
      ),
    claimStage: (publicId: string) =>
      one<{ stage: ClaimStage }>('SELECT stage FROM claims WHERE public_id = ?', publicId).stage,
    /** The claim's own timeline steps, oldest first. */
    claimEvents: (publicId: string) =>
      all<{ kind: string }>(
        `SELECT e.kind FROM fulfilment_events e JOIN claims c ON c.id = e.claim_id
         WHERE c.public_id = ? ORDER BY e.id`,
        publicId,
      ).map((e) => e.kind),
    /** Steps of the whole wish (hand-over, thank-you), oldest first. */
    wishEvents: (publicId: string) =>
      all<{ kind: string }>(
        `SELECT e.kind FROM fulfilment_events e JOIN wishes w ON w.id = e.wish_id
         WHERE w.public_id = ? AND e.claim_id IS NULL ORDER BY e.id`,
        publicId,
      ).map((e) => e.kind),
    /**
     * Of these wishes, those whose shares_taken is not the sum of the shares their claims hold:
     * every claim but those that ended early (withdrawn, released as overdue) — an active claim
     * holds its shares, and a gift handed over keeps them.
     */
    sharesOff: (publicIds: string[]) =>
      all(
        `SELECT w.public_id, w.shares_taken, (SELECT coalesce(sum(c.shares), 0) FROM claims c
           WHERE c.wish_id = w.id AND c.stage NOT IN ('withdrawn', 'overdue')) AS held
         FROM wishes w WHERE w.public_id IN (SELECT value FROM json_each(?)) AND held <> w.shares_taken`,
        JSON.stringify(publicIds),
      ),
    /** Donors holding more than one active claim on one of these wishes. */
    doubleClaims: (publicIds: string[]) =>
      all(
        `SELECT c.wish_id, c.donor_user_id, count(*) AS n FROM claims c JOIN wishes w ON w.id = c.wish_id
         WHERE w.public_id IN (SELECT value FROM json_each(?))
           AND c.stage IN ('claimed','purchased','shipped','problem','received')
         GROUP BY c.wish_id, c.donor_user_id HAVING n > 1`,
        JSON.stringify(publicIds),
      ),
    /** The bureau's goods handed over to children, in fen (the INKIND unit). */
    inKindHandedOver: () =>
      one<{ b: number } | undefined>(
        `SELECT balance_fen AS b FROM ledger_balances WHERE org_id = ? AND account = 'inkind_handed_over'`,
        bureauId,
      )?.b ?? 0,
    /** The gift in kind a hand-over booked for a claim. */
    inKindTxOf: (claimPublicId: string) =>
      one<{ id: string }>(
        `SELECT t.public_id AS id FROM ledger_transactions t JOIN claims c ON c.id = t.claim_id
         WHERE c.public_id = ? AND t.kind = 'inkind_donation'`,
        claimPublicId,
      ).id,
    lastAuditId: () => one<{ id: number | null }>('SELECT max(id) AS id FROM audit_events').id ?? 0,
    auditSince: (id: number) =>
      all<{ action: string; outcome: string; target: string | null }>(
        'SELECT action, outcome, target_id AS target FROM audit_events WHERE id > ? ORDER BY id',
        id,
      ),
  };
}
export type DbProbe = ReturnType<typeof dbProbe>;

/** The bureau's general fund and the campaign's restricted fund, as finance reads them. */
export async function fundsOf(w: LifecycleWorld): Promise<{ general: number; campaign: number }> {
  const res = await call(w.t, w.finance, 'GET', '/api/v1/staff/funds');
  const body = res.json() as Funds;
  const of = (fund: string) => body.funds.find((f) => f.fund === fund)?.balanceFen ?? 0;
  return { general: of('general'), campaign: of(w.campaign.id) };
}
