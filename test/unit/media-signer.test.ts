import { describe, expect, it } from 'vitest';
import { createMediaSigner, VIEW_LINK_MIN_S, viewLinkExpiry } from '../../server/modules/media/media-signer';
import { photoView, visibleTo, type MediaRow } from '../../server/modules/media/photo-view';
import { MEDIA_CHECKS } from '../../shared/constants';
import { photoSchema } from '../../shared/schemas/media';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const signer = createMediaSigner(SECRET);
const ID = 'AbCdEfGhIjKlMnOp';
const NOW = Date.UTC(2026, 0, 10, 8, 0, 0);
const EXP = NOW / 1000 + 600;
const link = (over: Partial<{ mediaId: string; size: 'full' | 'thumb'; exp: number; sig: string }> = {}) => ({
  mediaId: ID,
  size: 'full' as const,
  exp: EXP,
  sig: signer.sign(ID, 'full', EXP),
  ...over,
});

describe('signed photo links', () => {
  it('verifies its own signature, base64url of an HMAC-SHA256', () => {
    expect(link().sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(link(), NOW)).toBe(true);
  });

  it.each([
    ['another photo', { mediaId: 'ZZZZZZZZZZZZZZZZ' }],
    ['the other size', { size: 'thumb' as const }],
    ['a later expiry', { exp: EXP + 1 }],
    [
      'a flipped signature character',
      { sig: `${link().sig.slice(0, -1)}${link().sig.endsWith('A') ? 'B' : 'A'}` },
    ],
    ['a truncated signature', { sig: link().sig.slice(0, 20) }],
    ['an empty signature', { sig: '' }],
    ['a signature in another encoding', { sig: Buffer.from(link().sig, 'base64url').toString('hex') }],
  ])('refuses a link changed to %s', (_name, over) => {
    expect(signer.verify(link(over), NOW)).toBe(false);
  });

  it('refuses a link at and after its expiry', () => {
    expect(signer.verify(link(), EXP * 1000 - 1)).toBe(true);
    expect(signer.verify(link(), EXP * 1000)).toBe(false);
    expect(signer.verify(link(), EXP * 1000 + 60_000)).toBe(false);
  });

  it('refuses a link signed with another secret', () => {
    const other = createMediaSigner('another-secret-that-is-also-long-enough-xyz');
    expect(signer.verify(link({ sig: other.sign(ID, 'full', EXP) }), NOW)).toBe(false);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => createMediaSigner('short')).toThrow(/at least 32/);
  });

  it('builds relative or absolute URLs that carry size, expiry and signature', () => {
    const rel = signer.url(ID, 'thumb', EXP);
    expect(rel).toBe(`/api/v1/media/${ID}?size=thumb&exp=${EXP}&sig=${signer.sign(ID, 'thumb', EXP)}`);
    expect(signer.url(ID, 'thumb', EXP, 'https://xy.example.org/')).toBe(`https://xy.example.org${rel}`);
  });

  it('gives viewers links valid 60–70 minutes, on 10-minute steps so they repeat', () => {
    for (const offset of [0, 1, 299_000, 599_999, 600_000]) {
      const exp = viewLinkExpiry(NOW + offset);
      expect(exp % 600).toBe(0);
      expect(exp - (NOW + offset) / 1000).toBeGreaterThanOrEqual(VIEW_LINK_MIN_S);
      expect(exp - (NOW + offset) / 1000).toBeLessThanOrEqual(VIEW_LINK_MIN_S + 600);
    }
    expect(viewLinkExpiry(NOW + 1000)).toBe(viewLinkExpiry(NOW + 500_000));
  });
});

const row = (over: Partial<MediaRow> = {}): MediaRow => ({
  id: 7,
  publicId: ID,
  uploaderUserId: 3,
  orgId: null,
  purpose: 'receipt',
  storageKey: 'ab/abababababababababababababababab.jpg',
  thumbKey: 'cd/cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd.jpg',
  mime: 'image/jpeg',
  width: 1200,
  height: 900,
  bytes: 123_456,
  check: 'pass',
  checkTraceId: null,
  checkedAt: null,
  wishId: null,
  claimId: null,
  eventId: null,
  createdAt: NOW,
  ...over,
});

describe('photoView and visibleTo', () => {
  it('shows a photo with signed links and no storage key', () => {
    const view = photoView(row(), signer, NOW);
    expect(photoSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({ id: ID, width: 1200, height: 900, check: 'pass' });
    const url = new URL(view.url, 'http://x');
    const thumb = new URL(view.thumbUrl, 'http://x');
    expect(url.searchParams.get('size')).toBe('full');
    expect(thumb.searchParams.get('size')).toBe('thumb');
    const exp = Number(url.searchParams.get('exp'));
    expect(
      signer.verify({ mediaId: ID, size: 'full', exp, sig: url.searchParams.get('sig') ?? '' }, NOW),
    ).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/abab|cdcd/);
  });

  it.each(MEDIA_CHECKS.map((c) => [c]))(
    'a %s photo: others see it only when passed or unchecked',
    (check) => {
      expect(visibleTo(row({ check }), { isStaffOrUploader: true })).toBe(true);
      expect(visibleTo(row({ check }), { isStaffOrUploader: false })).toBe(
        check === 'pass' || check === 'unchecked',
      );
    },
  );
});
