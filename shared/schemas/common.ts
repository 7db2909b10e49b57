import * as z from 'zod/mini';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, PUBLIC_ID_PATTERN } from '../constants';

// shared/ uses zod/mini: the same schemas run on the server and in the mini-program, whose
// main package must stay small (the classic API costs several times more there).

export const publicIdSchema = z.string().check(z.regex(PUBLIC_ID_PATTERN, '编号格式不正确'));

/** Integer fen, never a float: ¥12.50 is 1250. */
export const amountFenSchema = z.int().check(z.nonnegative());

export const isoDateTimeSchema = z.iso.datetime();

/** `?limit=&cursor=` — query strings arrive as text, a repeated parameter as an array (refused). */
export const pageQuerySchema = z.object({
  limit: z._default(
    z.pipe(
      z.coerce.number({ error: '每页条数必须是数字' }),
      z
        .int({ error: '每页条数必须是整数' })
        .check(z.minimum(1, '每页至少 1 条'), z.maximum(PAGE_SIZE_MAX, `每页最多 ${PAGE_SIZE_MAX} 条`)),
    ),
    PAGE_SIZE_DEFAULT,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass back as `cursor` to get the next page; null on the last page. */
    nextCursor: z.nullable(z.string()),
  });
}
