import * as z from 'zod/mini';
import { NOTIFICATION_KINDS } from '../constants';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';

/** One message of the in-app inbox. */
export const notificationSchema = z.object({
  id: publicIdSchema,
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** The app page it opens, or null. */
  link: z.nullable(z.string()),
  createdAt: isoDateTimeSchema,
  read: z.boolean(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationQuerySchema = pageQuerySchema;
export const notificationPageSchema = pageOf(notificationSchema);
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const unreadCountSchema = z.object({ unread: z.int() });

/** Mark some messages (or all) as read. */
export const markReadBodySchema = z.union([
  z.strictObject({ ids: z.array(publicIdSchema).check(z.minLength(1), z.maxLength(100)) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadBody = z.input<typeof markReadBodySchema>;

/**
 * The WeChat subscription-message templates the app asks donors to allow when they claim
 * (empty when none are configured: then nothing is asked).
 */
export const subscriptionTemplatesSchema = z.object({ templateIds: z.array(z.string()) });
