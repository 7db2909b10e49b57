import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_MAX_BYTES } from '../../shared/constants';
import { mediaEndpoints } from '../../shared/endpoints/media';
import { uploadedMediaSchema, type UploadedMedia } from '../../shared/schemas/media';
import { createMediaSigner } from '../../server/modules/media/media-signer';
import { attachPhotos, usablePhotos } from '../../server/modules/media/usable-photos';
import { AppError } from '../../server/app-error';
import { addDonor } from '../support/donors';
import { mediaFiles, postUpload, testJpeg, uploadPhoto, type FormPart } from '../support/media';
import { createTestApp, type TestApp } from '../support/test-app';
import { addStaff, auditEvents, countRows, demoLogin, personaUserId } from '../support/staff';

let t: TestApp;
/** A fresh user per test: uploads are rate-limited per user. */
let donor: string;
let donorId: number;
let caseworker: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  caseworker = await demoLogin(t, 'caseworker');
});
beforeEach(() => {
  ({ token: donor, userId: donorId } = addDonor(t));
});
afterAll(() => t.close());

const photo = (data: Buffer, filename = 'photo.jpg', type = 'image/jpeg'): FormPart => ({
  name: 'file',
  filename,
  type,
  data,
});
const purpose = (value: string): FormPart => ({ name: 'purpose', value });

/** Fetches a signed link through the app. */
const download = (url: string) => t.app.inject({ method: 'GET', url });

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}
/** A tiny, valid-looking PNG whose header claims `width` × `height` pixels: a decompression bomb. */
function claimedPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(4096))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('POST /api/v1/media: refusals store nothing', () => {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>',
  );
  const cases: [string, () => Promise<FormPart[]>, number, string][] = [
    [
      'a shell script renamed .jpg',
      async () => [purpose('receipt'), photo(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'cat.jpg')],
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    ],
    [
      'SVG with a script',
      async () => [purpose('receipt'), photo(svg, 'x.svg', 'image/svg+xml')],
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    ],
    [
      'SVG named .png, declared image/png',
      async () => [purpose('receipt'), photo(svg, 'x.png', 'image/png')],
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    ],
    [
      'HTML declared image/jpeg',
      async () => [purpose('receipt'), photo(Buffer.from('<html><script>alert(1)</script>'))],
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    ],
    [
      'a GIF',
      async () => [
        purpose('receipt'),
        photo(
          await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
            .gif()
            .toBuffer(),
          'a.gif',
          'image/gif',
        ),
      ],
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    ],
    [
      'a 50 000 × 50 000 PNG (decompression bomb)',
      async () => [purpose('receipt'), photo(claimedPng(50_000, 50_000), 'bomb.png', 'image/png')],
      422,
      'MEDIA_TOO_MANY_PIXELS',
    ],
    [
      'a PNG just over the pixel limit',
      async () => [purpose('receipt'), photo(claimedPng(8000, 5001), 'big.png', 'image/png')],
      422,
      'MEDIA_TOO_MANY_PIXELS',
    ],
    [
      'JPEG magic followed by garbage',
      async () => [
        purpose('receipt'),
        photo(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)])),
      ],
      422,
      'MEDIA_UNREADABLE',
    ],
    [
      'a JPEG cut off after its header',
      async () => [purpose('receipt'), photo((await testJpeg(400, 300)).subarray(0, 200))],
      422,
      'MEDIA_UNREADABLE',
    ],
    ['an empty file', async () => [purpose('receipt'), photo(Buffer.alloc(0))], 400, 'MEDIA_EMPTY'],
    [
      'two files',
      async () => [purpose('receipt'), photo(await testJpeg()), photo(await testJpeg(), 'second.jpg')],
      400,
      'MEDIA_TOO_MANY_FILES',
    ],
    [
      'two files under different names',
      async () => [
        photo(await testJpeg()),
        { ...photo(await testJpeg()), name: 'other' },
        purpose('receipt'),
      ],
      400,
      'MEDIA_TOO_MANY_FILES',
    ],
    [
      'a file over 10 MB',
      async () => [
        purpose('receipt'),
        photo(Buffer.concat([await testJpeg(), Buffer.alloc(MEDIA_MAX_BYTES)])),
      ],
      413,
      'MEDIA_TOO_LARGE',
    ],
    ['no file', async () => [purpose('receipt')], 400, 'MEDIA_FIELD_MISSING'],
    ['no purpose', async () => [photo(await testJpeg())], 400, 'MEDIA_FIELD_MISSING'],
    [
      'an unknown purpose',
      async () => [purpose('selfie'), photo(await testJpeg())],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a purpose given twice',
      async () => [purpose('receipt'), purpose('handover'), photo(await testJpeg())],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a 100 k-character purpose',
      async () => [purpose('r'.repeat(100_000)), photo(await testJpeg())],
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a __proto__ field',
      async () => [
        { name: '__proto__', value: '{"isAdmin":true}' },
        purpose('receipt'),
        photo(await testJpeg()),
      ],
      400,
      'BAD_REQUEST',
    ],
    [
      'too many fields',
      async () => [
        ...Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, value: 'x' })),
        purpose('receipt'),
        photo(await testJpeg()),
      ],
      400,
      'BAD_REQUEST',
    ],
  ];

  const named = cases.map(([name, parts, status, code]) => ({ name, parts, status, code }));
  it.each(named)('$name → $status $code', async ({ parts, status, code }) => {
    const rows = countRows(t, 'media');
    const files = mediaFiles(t);
    // A user of its own: refused uploads count against the per-user rate limit too.
    const res = await postUpload(t, addDonor(t).token, await parts());
    expect(res.json().error?.code).toBe(code);
    expect(res.statusCode).toBe(status);
    expect(countRows(t, 'media')).toBe(rows);
    expect(mediaFiles(t)).toEqual(files);
  });

  it('refuses anonymous callers before reading the body (401)', async () => {
    const res = await postUpload(t, null, [purpose('receipt'), photo(await testJpeg())]);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
    expect(mediaEndpoints.uploadMedia.access).toBe('user');
  });

  it.each([
    ['JSON', { 'content-type': 'application/json' }, '{"purpose":"receipt"}', 400, 'MEDIA_FIELD_MISSING'],
    ['no body at all', {}, undefined, 400, 'MEDIA_FIELD_MISSING'],
    ['text', { 'content-type': 'text/plain' }, 'hello', 400, 'MEDIA_FIELD_MISSING'],
    ['an image without a form', { 'content-type': 'image/jpeg' }, 'xx', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, 'x', 400, 'BAD_REQUEST'],
  ])('a body that is not multipart (%s) → %s %s', async (_name, headers, payload, status, code) => {
    const rows = countRows(t, 'media');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      headers: { authorization: `Bearer ${donor}`, ...headers },
      ...(payload !== undefined && { payload }),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(countRows(t, 'media')).toBe(rows);
  });
});

describe('POST /api/v1/media: what is stored', () => {
  it('re-encodes a photo with GPS EXIF into a JPEG without any metadata', async () => {
    const original = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366cc' } })
      .jpeg()
      .withExif({
        IFD0: { Artist: 'MARKER-ARTIST-7f3a', ImageDescription: 'MARKER-DESC-7f3a' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '30/1 15/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '120/1 10/1 0/1',
        },
      })
      .toBuffer();
    const before = await sharp(original).metadata();
    // The original really carries EXIF with a GPS IFD (tag 0x8825, little-endian here).
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);

    const uploaded = uploadedMediaSchema.parse(
      (await postUpload(t, donor, [purpose('receipt'), photo(original, 'IMG_0001.JPG')])).json(),
    );
    expect(uploaded).toMatchObject({ purpose: 'receipt', width: 640, height: 480, check: 'unchecked' });

    for (const url of [uploaded.url, uploaded.thumbUrl]) {
      const res = await download(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
      const meta = await sharp(res.rawPayload).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(res.rawPayload.includes('MARKER')).toBe(false);
    }
    const thumb = await sharp((await download(uploaded.thumbUrl)).rawPayload).metadata();
    expect(Math.max(thumb.width ?? 0, thumb.height ?? 0)).toBe(360);
    // On disk too: no file holds the marker.
    for (const f of mediaFiles(t)) {
      expect(fs.readFileSync(path.join(t.config.media.dir, f)).includes('MARKER')).toBe(false);
    }
  });

  it('turns a photo upright by its EXIF orientation, then drops the orientation', async () => {
    const sideways = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#33cc66' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const up = await uploadPhoto(t, donor, 'receipt', sideways);
    expect(up).toMatchObject({ width: 48, height: 64 });
    const meta = await sharp((await download(up.url)).rawPayload).metadata();
    expect(meta).toMatchObject({ width: 48, height: 64 });
    expect(meta.orientation).toBeUndefined();
  });

  it('shrinks a large photo to 2048 px on its long side', async () => {
    const up = await uploadPhoto(t, donor, 'receipt', await testJpeg(3000, 1000));
    expect(up).toMatchObject({ width: 2048, height: 683 });
  });

  it.each([
    [
      'PNG with transparency',
      () =>
        sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
          .png()
          .toBuffer(),
    ],
    [
      'WebP',
      () =>
        sharp({ create: { width: 30, height: 20, channels: 3, background: '#123456' } })
          .webp()
          .toBuffer(),
    ],
    [
      'AVIF (HEIF family)',
      () =>
        sharp({ create: { width: 30, height: 20, channels: 3, background: '#654321' } })
          .avif()
          .toBuffer(),
    ],
  ])('accepts %s and stores a JPEG', async (_name, make) => {
    const up = await uploadPhoto(t, donor, 'receipt', await make());
    expect(up).toMatchObject({ width: 30, height: 20 });
    const res = await download(up.url);
    expect((await sharp(res.rawPayload).metadata()).format).toBe('jpeg');
  });

  it('ignores the file name (even ../ in it) and the declared type: the server names the files', async () => {
    const before = mediaFiles(t);
    const res = await postUpload(t, donor, [
      photo(await testJpeg(), '../../../etc/passwd.jpg', 'text/html'),
      purpose('receipt'),
    ]);
    expect(res.statusCode).toBe(201);
    const added = mediaFiles(t).filter((f) => !before.includes(f));
    expect(added).toHaveLength(2);
    for (const f of added) expect(f).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}\.jpg$/);
    const row = t.sqlite
      .prepare('SELECT storage_key, thumb_key, mime FROM media WHERE public_id = ?')
      .get(res.json().id) as { storage_key: string; thumb_key: string; mime: string };
    expect(row.mime).toBe('image/jpeg');
    expect(JSON.stringify(row)).not.toMatch(/passwd|\.\./);
  });

  it('records who uploaded for which organization, with an audit event', async () => {
    const byDonor = await uploadPhoto(t, donor, 'handover');
    const byStaff = await uploadPhoto(t, caseworker, 'handover');
    const receiptByStaff = await uploadPhoto(t, caseworker, 'receipt');
    const rowOf = (id: string) =>
      t.sqlite.prepare('SELECT uploader_user_id, org_id, purpose FROM media WHERE public_id = ?').get(id) as {
        uploader_user_id: number;
        org_id: number | null;
      };
    const caseworkerOrg = (
      t.sqlite
        .prepare('SELECT org_id FROM memberships WHERE user_id = ?')
        .get(personaUserId(t, 'caseworker')) as {
        org_id: number;
      }
    ).org_id;
    expect(rowOf(byDonor.id)).toMatchObject({ uploader_user_id: donorId, org_id: null });
    expect(rowOf(byStaff.id)).toMatchObject({
      uploader_user_id: personaUserId(t, 'caseworker'),
      org_id: caseworkerOrg,
    });
    expect(rowOf(receiptByStaff.id).org_id).toBeNull();
    const audit = auditEvents(t, 'media.uploaded').find((e) => e.target_id === byStaff.id);
    expect(audit).toMatchObject({ actor_user_id: personaUserId(t, 'caseworker'), outcome: 'ok' });
  });

  it('handles a burst of simultaneous uploads (decoding waits its turn) and stores each once', async () => {
    const rows = countRows(t, 'media');
    const jpeg = await testJpeg(1200, 900);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => postUpload(t, addDonor(t).token, [purpose('receipt'), photo(jpeg)])),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.json().id)).size).toBe(6);
    expect(countRows(t, 'media')).toBe(rows + 6);
  });

  it('answers only the photo, never a storage key or the uploader', async () => {
    const res = await postUpload(t, donor, [purpose('receipt'), photo(await testJpeg())]);
    expect(Object.keys(res.json()).sort()).toEqual([
      'check',
      'height',
      'id',
      'purpose',
      'thumbUrl',
      'url',
      'width',
    ]);
    expect(res.body).not.toMatch(/storage|\.jpg|uploader/);
  });
});

describe('GET /api/v1/media/:mediaId (signed links)', () => {
  let up: UploadedMedia;
  const signer = () => createMediaSigner(t.config.media.urlSecret);
  beforeAll(async () => {
    up = await uploadPhoto(t, addDonor(t).token, 'receipt');
  });
  const parts = (url: string) => {
    const u = new URL(url, 'http://x');
    return {
      path: u.pathname,
      size: u.searchParams.get('size') ?? '',
      exp: Number(u.searchParams.get('exp')),
      sig: u.searchParams.get('sig') ?? '',
    };
  };

  it('serves the bytes without a bearer token while the link is valid', async () => {
    const res = await download(up.url);
    expect(res.statusCode).toBe(200);
    // An H5 app on another origin may show it: the signed link is the permission.
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const maxAge = Number(/max-age=(\d+)/.exec(String(res.headers['cache-control']))?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(4200);
  });

  it.each([
    [
      'a tampered signature',
      (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp}&sig=${l.sig.slice(0, -2)}xx`,
    ],
    [
      'a signature of another length',
      (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp}&sig=abc`,
    ],
    [
      'the full link asking for the thumbnail',
      (l: ReturnType<typeof parts>) => `${l.path}?size=thumb&exp=${l.exp}&sig=${l.sig}`,
    ],
    [
      'a later expiry',
      (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp + 3600}&sig=${l.sig}`,
    ],
    [
      'an expired link',
      (l: ReturnType<typeof parts>) => {
        const exp = Math.floor(Date.now() / 1000) - 1;
        return `${l.path}?size=full&exp=${exp}&sig=${signer().sign(up.id, 'full', exp)}`;
      },
    ],
    [
      'a link signed with another secret',
      (l: ReturnType<typeof parts>) =>
        `${l.path}?size=full&exp=${l.exp}&sig=${createMediaSigner('x'.repeat(43)).sign(up.id, 'full', l.exp)}`,
    ],
    ['an empty signature', (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp}&sig=`],
  ])('refuses %s (403 MEDIA_LINK_INVALID)', async (_name, make) => {
    const res = await download(make(parts(up.url)));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('MEDIA_LINK_INVALID');
  });

  it('answers 404 for a well-signed link to a photo that does not exist, 403 for an unsigned guess', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const ghost = 'AAAAAAAAAAAAAAAA';
    const signed = await download(signer().url(ghost, 'full', exp));
    expect(signed.statusCode).toBe(404);
    expect(signed.json().error.code).toBe('MEDIA_NOT_FOUND');
    const guessed = await download(`/api/v1/media/${ghost}?size=full&exp=${exp}&sig=${'A'.repeat(43)}`);
    expect(guessed.statusCode).toBe(403);
  });

  it.each([
    ['no signature', (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp}`],
    ['an unknown size', (l: ReturnType<typeof parts>) => `${l.path}?size=original&exp=${l.exp}&sig=${l.sig}`],
    [
      'a repeated parameter',
      (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp}&sig=${l.sig}&sig=${l.sig}`,
    ],
    [
      'an extra parameter',
      (l: ReturnType<typeof parts>) => `${l.path}?size=full&exp=${l.exp}&sig=${l.sig}&x=1`,
    ],
    [
      'a malformed id',
      (l: ReturnType<typeof parts>) => `/api/v1/media/..%2F..%2Fetc?size=full&exp=${l.exp}&sig=${l.sig}`,
    ],
  ])('refuses a link with %s (400)', async (_name, make) => {
    const res = await download(make(parts(up.url)));
    expect(res.statusCode).toBe(400);
  });
});

describe('usablePhotos and attachPhotos (for the fulfilment use cases)', () => {
  const who = (persona: string, orgId: number | null = null) => ({
    userId: personaUserId(t, persona),
    orgId,
  });
  const orgOf = (persona: string) =>
    (
      t.sqlite.prepare('SELECT org_id FROM memberships WHERE user_id = ?').get(personaUserId(t, persona)) as {
        org_id: number;
      }
    ).org_id;
  const usable = (ids: string[], w: { userId: number; orgId: number | null }, p: 'receipt' | 'handover') =>
    t.db.transaction((tx) => usablePhotos(tx, ids, w, p));
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return err instanceof AppError ? err.code : err;
    }
    return 'no error';
  };

  it('lets a donor use their own receipt, nobody else', async () => {
    const receipt = await uploadPhoto(t, donor, 'receipt');
    expect(
      usable([receipt.id, receipt.id], { userId: donorId, orgId: null }, 'receipt').map((r) => r.publicId),
    ).toEqual([receipt.id]);
    expect(refusal(() => usable([receipt.id], who('caseworker', orgOf('caseworker')), 'receipt'))).toBe(
      'MEDIA_NOT_USABLE',
    );
    expect(refusal(() => usable([receipt.id], { userId: donorId, orgId: null }, 'handover'))).toBe(
      'MEDIA_NOT_USABLE',
    );
    expect(
      refusal(() => usable([receipt.id, 'AAAAAAAAAAAAAAAA'], { userId: donorId, orgId: null }, 'receipt')),
    ).toBe('MEDIA_NOT_USABLE');
    expect(usable([], { userId: donorId, orgId: null }, 'receipt')).toEqual([]);
  });

  it('lets staff of the same organization use each other’s hand-over photos, not another organization', async () => {
    const org = orgOf('caseworker');
    const colleague = addStaff(t, { name: '同事·小王', org: orgName(org), role: 'caseworker' });
    const mine = await uploadPhoto(t, caseworker, 'handover');
    const theirs = await uploadPhoto(t, colleague.token, 'handover');
    expect(usable([mine.id, theirs.id], who('caseworker', org), 'handover')).toHaveLength(2);
    expect(refusal(() => usable([mine.id], who('caseworker', org + 1000), 'handover'))).toBe(
      'MEDIA_NOT_USABLE',
    );
    expect(refusal(() => usable([mine.id], who('caseworker', null), 'handover'))).toBe('MEDIA_NOT_USABLE');
    const byDonor = await uploadPhoto(t, donor, 'handover');
    expect(refusal(() => usable([byDonor.id], { userId: donorId, orgId: null }, 'handover'))).toBe(
      'MEDIA_NOT_USABLE',
    );
  });

  it('attaches photos once: a second use is refused and rolls its transaction back', async () => {
    const org = orgOf('caseworker');
    const a = await uploadPhoto(t, caseworker, 'handover');
    const b = await uploadPhoto(t, caseworker, 'handover');
    const wishId = (
      t.sqlite.prepare('SELECT id FROM wishes WHERE org_id = ? LIMIT 1').get(org) as { id: number }
    ).id;
    const event = () =>
      (
        t.sqlite
          .prepare(
            "INSERT INTO fulfilment_events (wish_id, kind, at) VALUES (?, 'handed_over', ?) RETURNING id",
          )
          .get(wishId, Date.now()) as { id: number }
      ).id;
    const first = event();
    t.db.transaction((tx) => {
      const rows = usablePhotos(
        tx,
        [a.id, b.id],
        { userId: personaUserId(t, 'caseworker'), orgId: org },
        'handover',
      );
      attachPhotos(
        tx,
        rows.map((r) => r.id),
        { wishId, claimId: null, eventId: first },
      );
    });
    const attached = t.sqlite
      .prepare('SELECT wish_id, claim_id, event_id FROM media WHERE public_id IN (?, ?)')
      .all(a.id, b.id);
    expect(attached).toEqual([
      { wish_id: wishId, claim_id: null, event_id: first },
      { wish_id: wishId, claim_id: null, event_id: first },
    ]);
    expect(refusal(() => usable([a.id], who('caseworker', org), 'handover'))).toBe('MEDIA_NOT_USABLE');

    const rowIds = t.sqlite.prepare('SELECT id FROM media WHERE public_id IN (?, ?)').all(a.id, b.id) as {
      id: number;
    }[];
    const second = event();
    expect(
      refusal(() =>
        t.db.transaction((tx) =>
          attachPhotos(
            tx,
            rowIds.map((r) => r.id),
            { wishId, claimId: null, eventId: second },
          ),
        ),
      ),
    ).toBe('MEDIA_NOT_USABLE');
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM media WHERE event_id = ?').get(second)).toEqual({
      n: 0,
    });
  });

  function orgName(id: number): string {
    return (t.sqlite.prepare('SELECT name FROM organizations WHERE id = ?').get(id) as { name: string }).name;
  }
});

describe('upload floods', () => {
  it('limits each user to 30 uploads a minute, whatever X-Forwarded-For says; others still upload', async () => {
    const app = await createTestApp({ demo: true });
    try {
      const token = await demoLogin(app, 'donor');
      const jpeg = await testJpeg(8, 8);
      const codes: number[] = [];
      for (let i = 0; i < 32; i += 1) {
        const res = await postUpload(app, token, [purpose('receipt'), photo(jpeg)], {
          'x-forwarded-for': `10.0.0.${i}`,
        });
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 30).every((c) => c === 201)).toBe(true);
      expect(codes.slice(30)).toEqual([429, 429]);
      expect(countRows(app, 'media')).toBe(30);
      const other = await demoLogin(app, 'caseworker');
      expect((await postUpload(app, other, [purpose('handover'), photo(jpeg)])).statusCode).toBe(201);
    } finally {
      await app.close();
    }
  });
});
