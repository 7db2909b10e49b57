import type { Endpoint } from '../endpoint';
import { uploadedMediaSchema } from '../schemas/media';

/**
 * Photo upload. The body is multipart/form-data (a `purpose` field and one file), read by the
 * media module itself, so the entry has no body schema. Viewing a photo goes through the signed
 * links in its `url` / `thumbUrl`, not through a typed endpoint.
 *
 * Not spread into `contract`: the server registers this route inside the plugin that scopes the
 * multipart parser to it, and Fastify loads such a plugin only when the app gets ready, after the
 * contract's routes are registered (and inventoried) synchronously. test/api/media.test.ts checks
 * its access rule instead.
 */
export const mediaEndpoints = {
  uploadMedia: {
    method: 'POST',
    path: '/api/v1/media',
    access: 'user',
    response: uploadedMediaSchema,
  },
} as const satisfies Record<string, Endpoint>;
