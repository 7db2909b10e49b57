import * as z from 'zod/mini';
import { MEDIA_CHECKS, MEDIA_PURPOSES } from '../constants';
import { publicIdSchema } from './common';

/**
 * A photo as its viewer gets it: links signed for a short time (an <Image> cannot send a bearer
 * token), never a storage path.
 */
export const photoSchema = z.object({
  id: publicIdSchema,
  url: z.string(),
  thumbUrl: z.string(),
  width: z.int(),
  height: z.int(),
  /** `pending` until WeChat's photo check passes; others than the uploader and staff see only passed photos. */
  check: z.enum(MEDIA_CHECKS),
});
export type Photo = z.infer<typeof photoSchema>;

/** An upload's answer: the photo plus what it is for. */
export const uploadedMediaSchema = z.object({ ...photoSchema.shape, purpose: z.enum(MEDIA_PURPOSES) });
export type UploadedMedia = z.infer<typeof uploadedMediaSchema>;

/** The multipart text field naming the photo's purpose. */
export const mediaPurposeSchema = z.enum(MEDIA_PURPOSES, '请说明照片的用途');

export const mediaParamsSchema = z.strictObject({ mediaId: publicIdSchema });

export const MEDIA_SIZES = ['full', 'thumb'] as const;
export type MediaSize = (typeof MEDIA_SIZES)[number];

/**
 * A signed photo link: which size, until when (epoch seconds), and the signature. The signature
 * is only bounded in length here: any wrong one is the same "link invalid" (403), not a 400.
 */
export const mediaFileQuerySchema = z.strictObject({
  size: z._default(z.enum(MEDIA_SIZES), 'full'),
  exp: z.pipe(z.string().check(z.regex(/^\d{1,12}$/)), z.transform(Number)),
  sig: z.string().check(z.maxLength(128)),
});
