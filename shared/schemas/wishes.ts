import * as z from 'zod/mini';
import { DIFFICULTY_CATEGORIES, GENDERS, URGENCY_LEVELS, WISH_STATUSES } from '../constants';
import { amountFenSchema, isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';

/**
 * What anyone may see of a wish in the public feed. This is an allow-list: the server
 * serializes through it, so a field that is not named here never leaves the server.
 */
export const publicWishCardSchema = z.object({
  id: publicIdSchema,
  title: z.string(),
  pseudonym: z.string(),
  age: z.int().check(z.nonnegative()),
  gender: z.enum(GENDERS),
  category: z.enum(DIFFICULTY_CATEGORIES),
  urgency: z.enum(URGENCY_LEVELS),
  estimatedValueFen: amountFenSchema,
  town: z.string(),
  status: z.enum(WISH_STATUSES),
  createdAt: isoDateTimeSchema,
  publishedAt: isoDateTimeSchema,
});
export type PublicWishCard = z.infer<typeof publicWishCardSchema>;

export const wishFeedQuerySchema = pageQuerySchema;
export type WishFeedQuery = z.input<typeof wishFeedQuerySchema>;

export const wishFeedPageSchema = pageOf(publicWishCardSchema);
export type WishFeedPage = z.infer<typeof wishFeedPageSchema>;
