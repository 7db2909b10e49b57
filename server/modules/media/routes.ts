import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { output } from 'zod/v4/core';
import { mediaEndpoints } from '../../../shared/endpoints/media';
import { mediaFileQuerySchema, mediaParamsSchema } from '../../../shared/schemas/media';
import type { AppDeps } from '../../app';
import { requestMeta } from '../../plugins/auth';
import type { Services } from '../../services';
import type { Actor } from '../access/actor';
import type { MediaContext } from './media-context';
import { MEDIA_PATH } from './media-signer';
import { readMediaFile } from './read-media-file';
import { readUpload, UPLOAD_LIMITS } from './read-upload';
import { uploadMedia } from './upload-media';
import { wechatPushRoutes } from './wechat-push-routes';

/** Uploads per user (a village's staff often share one address) per minute. */
export const UPLOAD_RATE = { max: 30, timeWindowMs: 60_000 };

/**
 * Photo upload (multipart, its parser scoped to that one route), signed photo links, and the
 * WeChat message push that brings photo-check verdicts.
 */
export async function mediaRoutes(app: FastifyInstance, deps: AppDeps, services: Services): Promise<void> {
  const ctx: MediaContext = {
    db: deps.db,
    storage: services.mediaStorage,
    signer: services.mediaSigner,
    checker: services.mediaChecker,
    publicBaseUrl: deps.config.media.publicBaseUrl,
  };
  const upload = mediaEndpoints.uploadMedia;

  // Awaited: the route exists once this returns, like every other contract route.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: true });
    scope.route({
      method: upload.method,
      url: upload.path,
      config: {
        access: upload.access,
        rateLimit: {
          max: UPLOAD_RATE.max,
          timeWindow: UPLOAD_RATE.timeWindowMs,
          // After the auth hook: the session's user, whatever address or X-Forwarded-For they send.
          keyGenerator: (request) => (request.actor ? `user:${request.actor.userId}` : request.ip),
        },
      },
      schema: { response: { 201: upload.response } },
      handler: async (request, reply) => {
        const input = await readUpload(request);
        const meta = requestMeta(request);
        const result = await uploadMedia(ctx, request.actor as Actor, input, meta, request.log);
        return reply.code(201).send(result);
      },
    });
  });

  app.route({
    method: 'GET',
    url: `${MEDIA_PATH}/:mediaId`,
    // The signed link is the permission: an <Image> cannot send a bearer token.
    config: { access: 'public' },
    schema: { params: mediaParamsSchema, querystring: mediaFileQuerySchema },
    handler: async (request, reply) => {
      const { mediaId } = request.params as { mediaId: string };
      const query = request.query as output<typeof mediaFileQuerySchema>;
      const file = await readMediaFile(ctx, { mediaId, ...query }, Date.now());
      return (
        reply
          .header('content-type', 'image/jpeg')
          .header('cache-control', `private, max-age=${file.maxAgeS}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', 'inline')
          // The H5 app may live on another origin than the API; the signed link is the permission.
          .header('cross-origin-resource-policy', 'cross-origin')
          .send(file.bytes)
      );
    },
  });

  wechatPushRoutes(app, deps, services);
}
