import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../app-error';
import type { AppDeps } from '../../app';
import { parseMediaCheckEvent, verifyPushSignature } from '../../integrations/wechat/media-check-async';
import { requestMeta } from '../../plugins/auth';
import type { Services } from '../../services';
import { recordMediaCheck } from './record-media-check';

export const WECHAT_PUSH_PATH = '/api/v1/wechat/events';

/** A query parameter WeChat sends once, as a short string; anything else counts as missing. */
function param(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length <= 128 ? value : '';
}

/**
 * The mini-program's message push URL (configure: plaintext mode, JSON data format, token =
 * WECHAT_PUSH_TOKEN). `GET` is WeChat's check of the URL: a correctly signed request gets its
 * `echostr` back. `POST` carries events; `wxa_media_check` verdicts are recorded, every other
 * event is acknowledged and ignored. Both are refused (401 WECHAT_SIGNATURE_INVALID) unless
 * signed with the token, before the body is read; without a configured token nothing is accepted.
 */
export function wechatPushRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const token = deps.config.wechatPush.token;
  const verify = async (request: FastifyRequest) => {
    const signed = {
      signature: param(request, 'signature'),
      timestamp: param(request, 'timestamp'),
      nonce: param(request, 'nonce'),
    };
    if (!token || !verifyPushSignature(token, signed, Date.now())) {
      throw new AppError('WECHAT_SIGNATURE_INVALID');
    }
  };

  void app.register(async (scope) => {
    // WeChat's labelling of its JSON is not something to rely on: any body is read as text
    // (within the global body limit) and parsed as JSON here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string) as unknown);
      } catch {
        done(new AppError('MALFORMED_JSON'), undefined);
      }
    });

    scope.get(WECHAT_PUSH_PATH, { config: { access: 'public' }, onRequest: verify }, async (request, reply) =>
      reply.type('text/plain; charset=utf-8').send(param(request, 'echostr')),
    );

    scope.post(
      WECHAT_PUSH_PATH,
      { config: { access: 'public' }, onRequest: verify },
      async (request, reply) => {
        const verdict = parseMediaCheckEvent(request.body);
        if (!verdict) {
          request.log.info('WeChat push ignored: not a photo-check verdict');
        } else if (verdict.appId && services.wechat && verdict.appId !== services.wechat.appId) {
          request.log.warn('WeChat photo-check verdict for another app ignored');
        } else {
          const outcome = recordMediaCheck(deps.db, verdict, requestMeta(request));
          request.log.info({ outcome, suggest: verdict.suggest }, 'WeChat photo-check verdict');
        }
        // Anything but `success` (or an empty answer) makes WeChat push the same event again.
        return reply.type('text/plain; charset=utf-8').send('success');
      },
    );
  });
}
