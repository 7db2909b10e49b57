import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimDetail, WishFulfilment } from '../../shared/schemas/claims';
import { addDonor, claim } from '../support/donors';
import { uploadPhoto } from '../support/media';
import { addStaff, auditEvents, call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let caseworker: string;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  caseworker = await demoLogin(t, 'caseworker');
});
afterAll(async () => {
  await t.close();
});

/** A published single-share wish in the demo caseworker's village (上坑村), not yet claimed. */
function villageWish(shares = 1): { id: number; publicId: string; beneficiaryId: number } {
  const row = t.sqlite
    .prepare(
      `SELECT w.id, w.public_id AS publicId, w.beneficiary_id AS beneficiaryId FROM wishes w
       JOIN regions r ON r.name = '上坑村' AND substr(w.region_path, 1, length(r.path)) = r.path
       WHERE w.status = 'published' AND w.shares_taken = 0 ORDER BY w.id LIMIT 1`,
    )
    .get() as { id: number; publicId: string; beneficiaryId: number } | undefined;
  if (!row) throw new Error('no published wish left in 上坑村');
  t.sqlite
    .prepare('UPDATE wishes SET shares = ?, estimated_value_fen = ?, expires_at = NULL WHERE id = ?')
    .run(shares, shares * 10000, row.id);
  return row;
}

async function claimed(
  wishId: string,
  shipped = true,
): Promise<{ token: string; claim: Claim; userId: number }> {
  const donor = addDonor(t, '周先生');
  const c = (await claim(t, donor.token, wishId)).json() as Claim;
  if (shipped) {
    const res = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/ship`, {
      mode: 'post',
      carrier: '中通快递',
      trackingNumber: 'ZT7788990011',
    });
    expect(res.statusCode).toBe(200);
  }
  return { token: donor.token, claim: c, userId: donor.userId };
}

const receive = (claimId: string, body: object, token = caseworker) =>
  call(t, token, 'POST', `/api/v1/staff/claims/${claimId}/receive`, body);
const handOver = (wishId: string, body: object, token = caseworker) =>
  call(t, token, 'POST', `/api/v1/staff/wishes/${wishId}/hand-over`, body);
const thank = (wishId: string, body: object, token = caseworker) =>
  call(t, token, 'POST', `/api/v1/staff/wishes/${wishId}/thank-you`, body);
const inbox = (userId: number) =>
  (
    t.sqlite.prepare('SELECT kind, body FROM notifications WHERE user_id = ? ORDER BY id').all(userId) as {
      kind: string;
      body: string;
    }[]
  ).map((n) => n.kind);

describe('journey 1 through the API', () => {
  it('claim → ship → receive → hand over with photos → thank-you → confirm', async () => {
    const wish = villageWish();
    const donor = await claimed(wish.publicId);

    const incoming = (await call(t, caseworker, 'GET', '/api/v1/staff/claims?stage=incoming')).json() as {
      items: Claim[];
    };
    const row = incoming.items.find((c) => c.id === donor.claim.id);
    expect(row).toMatchObject({
      stage: 'shipped',
      actions: ['receive'],
      shipping: { carrier: '中通快递', trackingNumber: 'ZT7788990011' },
      donor: { name: '周先生' },
    });

    const early = await handOver(wish.publicId, {
      photoIds: [(await uploadPhoto(t, caseworker, 'handover')).id],
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('HANDOVER_NOT_READY');

    const received = await receive(donor.claim.id, { quantity: 1, condition: 'good' });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({ stage: 'received', actions: [] });

    expect((await handOver(wish.publicId, { photoIds: [] })).statusCode).toBe(400);
    const photos = [
      await uploadPhoto(t, caseworker, 'handover'),
      await uploadPhoto(t, caseworker, 'handover'),
    ];
    const handed = await handOver(wish.publicId, {
      photoIds: photos.map((p) => p.id),
      note: '在儿童之家交给了孩子',
    });
    expect(handed.statusCode).toBe(200);
    const f = handed.json() as WishFulfilment;
    expect(f.wish.status).toBe('delivered');
    expect(f.canHandOver).toBe(false);
    expect(f.canThank).toBe(true);
    expect(f.claims[0]?.stage).toBe('handed_over');

    const again = await handOver(wish.publicId, {
      photoIds: [(await uploadPhoto(t, caseworker, 'handover')).id],
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('WISH_TRANSITION_REFUSED');
    // A photo is used once.
    const reuse = await thank(wish.publicId, { text: '谢谢叔叔', photoId: photos[0]?.id });
    expect(reuse.json().error.code).toBe('MEDIA_NOT_USABLE');

    const letter = await uploadPhoto(t, caseworker, 'thank_you');
    const thanked = await thank(wish.publicId, {
      text: '谢谢您送的书包，我会好好学习！',
      photoId: letter.id,
    });
    expect(thanked.statusCode).toBe(200);
    expect((thanked.json() as WishFulfilment).canThank).toBe(false);
    expect((await thank(wish.publicId, { text: '再谢一次' })).json().error.code).toBe('CLAIM_STEP_REFUSED');

    const seen = (
      await call(t, donor.token, 'GET', `/api/v1/claims/${donor.claim.id}`)
    ).json() as ClaimDetail;
    expect(seen.stage).toBe('thanked');
    expect(seen.actions).toEqual(['confirm']);
    expect(seen.timeline.map((e) => [e.kind, e.by])).toEqual([
      ['claimed', 'donor'],
      ['shipped', 'donor'],
      ['received', 'staff'],
      ['handed_over', 'staff'],
      ['thanked', 'staff'],
    ]);
    const handover = seen.timeline[3];
    expect(handover?.photos.map((p) => p.id)).toEqual(photos.map((p) => p.id));
    expect(handover?.note).toBe('在儿童之家交给了孩子');
    expect(seen.timeline[4]?.text).toBe('谢谢您送的书包，我会好好学习！');
    expect(seen.timeline[4]?.photos.map((p) => p.id)).toEqual([letter.id]);
    // The signed link works for whoever holds it (an <Image> sends no token).
    const img = await t.app.inject({ method: 'GET', url: handover?.photos[0]?.thumbUrl ?? '' });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');

    expect(inbox(donor.userId)).toEqual(['claim_confirmed', 'item_received', 'handed_over', 'thank_you']);

    const confirmed = await call(t, donor.token, 'POST', `/api/v1/claims/${donor.claim.id}/confirm`);
    expect(confirmed.json()).toMatchObject({ stage: 'confirmed', wish: { status: 'confirmed' } });
    expect(confirmed.json().endedAt).not.toBeNull();

    // The public sees the status only: no photo, no note, no donor.
    const pub = await call(t, null, 'GET', `/api/v1/wishes/${wish.publicId}`);
    expect(pub.json().status).toBe('confirmed');
    for (const secret of [photos[0]?.id, '周先生', '儿童之家交给', '好好学习', 'ZT7788990011']) {
      expect(pub.body).not.toContain(secret);
    }
    // Claim → deliver → claim: a delivered wish cannot be claimed again.
    const late = await claim(t, addDonor(t).token, wish.publicId);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.code).toBe('WISH_NOT_CLAIMABLE');
    expect(auditEvents(t, 'wish.hand_over').some((a) => a.target_id === wish.publicId)).toBe(true);
  });
});

describe('receiving', () => {
  it('sends a problem back to the donor, who can send it again', async () => {
    const wish = villageWish();
    const donor = await claimed(wish.publicId);
    const noNote = await receive(donor.claim.id, { quantity: 1, condition: 'damaged' });
    expect(noNote.statusCode).toBe(400);
    const problem = await receive(donor.claim.id, {
      quantity: 1,
      condition: 'damaged',
      note: '外箱压坏，书包拉链断了',
    });
    expect(problem.json()).toMatchObject({ stage: 'problem' });
    const told = t.sqlite
      .prepare(`SELECT body FROM notifications WHERE user_id = ? AND kind = 'item_problem'`)
      .get(donor.userId) as { body: string };
    expect(told.body).toContain('外箱压坏，书包拉链断了');
    const detail = (
      await call(t, donor.token, 'GET', `/api/v1/claims/${donor.claim.id}`)
    ).json() as ClaimDetail;
    expect(detail.actions).toEqual(['ship', 'withdraw']);
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'problem', condition: 'damaged', quantity: 1 });

    const resent = await call(t, donor.token, 'POST', `/api/v1/claims/${donor.claim.id}/ship`, {
      mode: 'in_person',
    });
    expect(resent.json()).toMatchObject({ stage: 'shipped' });
    expect((await receive(donor.claim.id, { quantity: 1, condition: 'good' })).json()).toMatchObject({
      stage: 'received',
    });
  });

  it('refuses receiving what was not sent, or twice', async () => {
    const wish = villageWish();
    const donor = await claimed(wish.publicId, false);
    const notSent = await receive(donor.claim.id, { quantity: 1, condition: 'good' });
    expect(notSent.statusCode).toBe(422);
    expect(notSent.json().error).toMatchObject({ code: 'CLAIM_STEP_REFUSED', details: { event: 'receive' } });
  });

  it('is for the organization staff only: donors and other organizations get 404, audited', async () => {
    const wish = villageWish();
    const donor = await claimed(wish.publicId);
    const stranger = addStaff(t, { name: '外机构社工', org: '云溪县慈善总会', role: 'caseworker' });
    for (const token of [donor.token, stranger.token]) {
      const res = await receive(donor.claim.id, { quantity: 1, condition: 'good' }, token);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CLAIM_NOT_FOUND');
    }
    expect(auditEvents(t, 'access.refused').filter((a) => a.target_id === donor.claim.id)).toHaveLength(2);
    const theirs = await call(t, stranger.token, 'GET', `/api/v1/staff/wishes/${wish.publicId}/fulfilment`);
    expect(theirs.statusCode).toBe(403);
    const listed = (await call(t, stranger.token, 'GET', '/api/v1/staff/claims?stage=all')).json() as {
      items: Claim[];
    };
    expect(listed.items.map((c) => c.id)).not.toContain(donor.claim.id);
  });
});

describe('handing over', () => {
  it('refuses a wish nobody claimed (deliver without a claim)', async () => {
    const wish = villageWish();
    const res = await handOver(wish.publicId, {
      photoIds: [(await uploadPhoto(t, caseworker, 'handover')).id],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('WISH_TRANSITION_REFUSED');
  });

  it('waits for every share of a shared wish, then tells every donor', async () => {
    const wish = villageWish(2);
    const a = await claimed(wish.publicId);
    await receive(a.claim.id, { quantity: 1, condition: 'good' });
    const photo = await uploadPhoto(t, caseworker, 'handover');
    expect((await handOver(wish.publicId, { photoIds: [photo.id] })).json().error.code).toBe(
      'HANDOVER_NOT_READY',
    );
    const b = await claimed(wish.publicId);
    expect((await handOver(wish.publicId, { photoIds: [photo.id] })).json().error.code).toBe(
      'HANDOVER_NOT_READY',
    );
    await receive(b.claim.id, { quantity: 1, condition: 'good' });
    const done = await handOver(wish.publicId, { photoIds: [photo.id] });
    expect(done.statusCode).toBe(200);
    expect((done.json() as WishFulfilment).claims.map((c) => c.stage)).toEqual([
      'handed_over',
      'handed_over',
    ]);
    expect(inbox(a.userId)).toContain('handed_over');
    expect(inbox(b.userId)).toContain('handed_over');
    // Each donor's gift entered the books in kind, at their share of the estimate, with a receipt.
    const gifts = t.sqlite
      .prepare(
        `SELECT d.donor_user_id AS donor, p.amount_fen AS fen FROM ledger_transactions x
         JOIN donations d ON d.tx_id = x.id
         JOIN ledger_postings p ON p.tx_id = x.id AND p.account = 'inkind_handed_over'
         WHERE x.wish_id = ? AND x.kind = 'inkind_donation' ORDER BY d.donor_user_id`,
      )
      .all(wish.id);
    expect(gifts).toEqual([
      { donor: a.userId, fen: 10000 },
      { donor: b.userId, fen: 10000 },
    ]);
    const receipts = await call(t, a.token, 'GET', '/api/v1/me/receipts');
    expect(receipts.json().items[0]).toMatchObject({
      kind: 'inkind_donation',
      unit: 'INKIND',
      amountFen: 10000,
    });
    // Release after delivery is refused.
    const late = await call(t, a.token, 'POST', `/api/v1/claims/${a.claim.id}/withdraw`, {});
    expect(late.json().error.code).toBe('CLAIM_STEP_REFUSED');
  });

  it("takes only the organization's own hand-over photos, and leaves nothing behind on a refusal", async () => {
    const wish = villageWish();
    const donor = await claimed(wish.publicId);
    await receive(donor.claim.id, { quantity: 1, condition: 'good' });
    const receipt = await uploadPhoto(t, donor.token, 'receipt');
    const wrongPurpose = await handOver(wish.publicId, { photoIds: [receipt.id] });
    expect(wrongPurpose.json().error.code).toBe('MEDIA_NOT_USABLE');
    const state = t.sqlite.prepare('SELECT status FROM wishes WHERE id = ?').get(wish.id);
    expect(state).toEqual({ status: 'claimed' });
    const events = t.sqlite
      .prepare(`SELECT count(*) AS n FROM fulfilment_events WHERE wish_id = ? AND kind = 'handed_over'`)
      .get(wish.id);
    expect(events).toEqual({ n: 0 });
  });
});

describe('the thank-you', () => {
  it("refuses the child's real name, as public text would", async () => {
    const wish = villageWish();
    const donor = await claimed(wish.publicId);
    await receive(donor.claim.id, { quantity: 1, condition: 'good' });
    await handOver(wish.publicId, { photoIds: [(await uploadPhoto(t, caseworker, 'handover')).id] });
    const { realName } = t.sqlite
      .prepare('SELECT real_name AS realName FROM beneficiary_restricted WHERE beneficiary_id = ?')
      .get(wish.beneficiaryId) as { realName: string };
    const res = await thank(wish.publicId, { text: `我是${realName}，谢谢您！` });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PRIVACY_FINDINGS');
  });
});
