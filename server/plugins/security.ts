import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers. The CSP allows only our own scripts; inline scripts of the built
 * index.html (if any) are allowed by their hash, so nothing else inline can run.
 * Styles may be inline: Taro's H5 components inject their styles at run time.
 */
export async function registerSecurityHeaders(app: FastifyInstance, h5Dir: string): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          ...inlineScriptHashes(path.join(h5Dir, 'index.html')),
          // Taro's H5 tab bar items are <a href="javascript:;">. Chromium checks such a URL against
          // hashes of its whole text when 'unsafe-hashes' is given: this allows that no-op, nothing else.
          "'unsafe-hashes'",
          `'sha256-${createHash('sha256').update('javascript:;').digest('base64')}'`,
        ],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // Taro's H5 uploadFile reads the chosen photo back from its blob: URL before sending it.
        connectSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain HTTP on a developer's machine; TLS (and HSTS) belong to the proxy in front.
    strictTransportSecurity: false,
  });
}

export function inlineScriptHashes(indexHtml: string): string[] {
  if (!fs.existsSync(indexHtml)) return [];
  const html = fs.readFileSync(indexHtml, 'utf8');
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    const body = match[1] ?? '';
    if (body.trim()) hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}
