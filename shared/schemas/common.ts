import { z } from 'zod';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, PUBLIC_ID_PATTERN } from '../constants';

export const publicIdSchema = z.string().regex(PUBLIC_ID_PATTERN, '编号格式不正确');

/** Integer fen, never a float: ¥12.50 is 1250. */
export const amountFenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const isoDateTimeSchema = z.iso.datetime();

/** `?limit=&cursor=` — query strings arrive as text, a repeated parameter as an array (refused). */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: '每页条数必须是数字' })
    .int('每页条数必须是整数')
    .min(1, '每页至少 1 条')
    .max(PAGE_SIZE_MAX, `每页最多 ${PAGE_SIZE_MAX} 条`)
    .default(PAGE_SIZE_DEFAULT),
  cursor: z.string().min(1).max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass back as `cursor` to get the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });
}
