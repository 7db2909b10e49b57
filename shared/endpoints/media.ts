import type { Endpoint } from '../endpoint';
import { uploadedMediaSchema } from '../schemas/media';

/**
 * Photo upload. The body is multipart/form-data (a `purpose` field and one file), read by the
 * media module itself, so the entry has no body schema. Viewing a photo goes through the signed
 * links in its `url` / `thumbUrl`, not through a typed endpoint.
 */
export const mediaEndpoints = {
  uploadMedia: {
    method: 'POST',
    path: '/api/v1/media',
    access: 'user',
    response: uploadedMediaSchema,
  },
} as const satisfies Record<string, Endpoint>;
