import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { MediaPurpose } from '../../shared/constants';
import { uploadedMediaSchema, type UploadedMedia } from '../../shared/schemas/media';
import type { TestApp } from './test-app';

// Helpers for API tests that upload photos: multipart bodies, test images, what the media dir holds.

export type FormPart =
  { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer };

/** A multipart/form-data body exactly as given (part order, names, declared types). */
export function multipartBody(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----xinyuan-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('value' in part) {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
      );
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
            `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      chunks.push(part.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** POST /api/v1/media with these parts, as the bearer of `token` (null: anonymously). */
export function postUpload(
  t: TestApp,
  token: string | null,
  parts: FormPart[],
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const body = multipartBody(parts);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/media',
    headers: { ...body.headers, ...(token && { authorization: `Bearer ${token}` }), ...headers },
    payload: body.payload,
  });
}

/** A small solid JPEG (`width` × `height`). */
export function testJpeg(width = 64, height = 48, background = '#cc3333'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

/** Uploads a photo for `purpose` and returns the server's answer (throws unless 201). */
export async function uploadPhoto(
  t: TestApp,
  token: string,
  purpose: MediaPurpose,
  image?: Buffer,
): Promise<UploadedMedia> {
  const data = image ?? (await testJpeg());
  const res = await postUpload(t, token, [
    { name: 'purpose', value: purpose },
    { name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data },
  ]);
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return uploadedMediaSchema.parse(res.json());
}

/** Every file under the app's media directory, relative paths, sorted. */
export function mediaFiles(t: TestApp): string[] {
  const dir = t.config.media.dir;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}
