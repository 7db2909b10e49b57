import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error';

/**
 * Fastify's query-string parser passes a malformed percent-escape (`%E0%A4%A`, `%FF`) through as
 * literal text, so a search would quietly run for garbage. Such a query is refused up front.
 */
export function registerQueryStringCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const at = request.url.indexOf('?');
    if (at < 0) return;
    for (const part of request.url.slice(at + 1).split('&')) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'querystring', message: '网址里的参数编码有误，请检查链接是否完整' }],
        });
      }
    }
  });
}
