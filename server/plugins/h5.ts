import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorReply } from './errors';

/** Hashed asset names (`app.1a2b3c4d.js`) never change content: cache them for a year. */
const HASHED = /\.[0-9a-f]{8}\.(js|css|png|jpe?g|svg|gif|webp|woff2?|ttf)$/;

/**
 * Serves the built H5 app at `/`. index.html is never cached, so a new build is picked up at
 * once; unknown API paths get the JSON 404; other unknown page paths get the app.
 */
export async function registerH5(app: FastifyInstance, h5Dir: string): Promise<void> {
  const hasApp = fs.existsSync(path.join(h5Dir, 'index.html'));
  if (hasApp) {
    await app.register(fastifyStatic, {
      root: h5Dir,
      prefix: '/',
      // x.br / x.gz written at build time are sent to browsers that accept them.
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, filePath) {
        reply.header(
          'cache-control',
          HASHED.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.log.warn({ h5Dir }, 'no H5 build found: serving the API only (run `npm run build:h5`)');
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isPage = !pathname.startsWith('/api/') && pathname !== '/api' && !path.extname(pathname);
    if (hasApp && isPage && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const { status, body } = errorReply('ROUTE_NOT_FOUND');
    return reply.code(status).send(body);
  });
}
