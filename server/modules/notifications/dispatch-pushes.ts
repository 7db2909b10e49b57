import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { campaigns, claims, handoverSites, notifications, users, wishes } from '../../db/schema';
import {
  createSubscribeMessageSender,
  type SubscribeMessageSender,
} from '../../integrations/wechat/subscribe-message';
import type { Services } from '../../services';
import { pushPurpose, pushTemplateData } from './push-templates';

/**
 * The push outbox: inbox rows written with `push_status = 'pending'` are sent as WeChat
 * subscription messages after their transaction committed, by whichever server process gets
 * to them first.
 *
 * While a row is pending, `pushed_at` is the time of its last attempt: a row tried n times is
 * due again n × PUSH_RETRY_STEP_MS later. Taking a row is one conditional UPDATE that counts the
 * attempt (`push_attempts = seen + 1 WHERE push_attempts = seen AND pending`): of two dispatchers
 * that saw the same row only one changes it, and the winner holds it for the retry step — far
 * longer than a call to WeChat may take — so no message is sent twice (short of a process dying
 * between WeChat's answer and the row's update). Nothing here holds a transaction while WeChat
 * is called.
 */

/** Rows looked at per run. */
export const PUSH_BATCH = 20;
/** Tries before a push that keeps meeting trouble is given up (`failed`). */
export const PUSH_MAX_ATTEMPTS = 5;
/** A row tried n times waits n times this before the next try (1, 2, 3, 4 minutes). */
export const PUSH_RETRY_STEP_MS = 60_000;

export interface PushRunResult {
  sent: number;
  /** 43101: the user did not allow the template (or used up the allowance). */
  refused: number;
  /** Nothing to send: no openid, no template, no WeChat, nothing to say. */
  none: number;
  failed: number;
  /** Met trouble, tried again later. */
  retrying: number;
}

type Outcome = keyof PushRunResult;
type PendingRow = ReturnType<ReturnType<typeof duePushesQuery>['all']>[number];

export async function dispatchPendingPushes(
  db: Db,
  services: Pick<Services, 'wechat'>,
  config: Config,
  now: number,
  options: { limit?: number; log?: PushLog } = {},
): Promise<PushRunResult> {
  const result: PushRunResult = { sent: 0, refused: 0, none: 0, failed: 0, retrying: 0 };
  const sender = services.wechat
    ? createSubscribeMessageSender({
        baseUrl: services.wechat.apiBase,
        tokens: services.wechat.tokens,
        miniprogramState: config.env === 'production' ? 'formal' : 'developer',
      })
    : null;
  for (const row of duePushesQuery(db, now, options.limit ?? PUSH_BATCH).all()) {
    const outcome = await dispatchOne(db, sender, config, row, now, options.log);
    if (outcome) result[outcome] += 1;
  }
  return result;
}

/** Pending rows whose next try is due, oldest first, with the few facts a push may carry. */
export function duePushesQuery(db: Db, now: number, limit: number) {
  return (
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        link: notifications.link,
        attempts: notifications.pushAttempts,
        openid: users.wechatOpenid,
        userActive: sql<number>`${users.status} = 'active'`,
        // The wish's public title, or for a gift to a campaign the campaign's.
        wishTitle: sql<string | null>`coalesce(${wishes.title}, ${campaigns.title})`,
        deadlineAt: claims.deadlineAt,
        siteName: handoverSites.name,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .leftJoin(wishes, eq(wishes.id, notifications.wishId))
      .leftJoin(claims, eq(claims.id, notifications.claimId))
      .leftJoin(campaigns, eq(campaigns.id, notifications.campaignId))
      .leftJoin(handoverSites, eq(handoverSites.id, wishes.handoverSiteId))
      // Written as a literal so the partial index `notifications_push_idx` serves it.
      .where(
        and(
          sql`${notifications.pushStatus} = 'pending'`,
          or(
            isNull(notifications.pushedAt),
            lte(sql`${notifications.pushedAt} + ${PUSH_RETRY_STEP_MS} * ${notifications.pushAttempts}`, now),
          ),
        ),
      )
      .orderBy(notifications.id)
      .limit(limit)
  );
}

/** Sends one row (or settles it without sending); null when another dispatcher took it first. */
async function dispatchOne(
  db: Db,
  sender: SubscribeMessageSender | null,
  config: Config,
  row: PendingRow,
  now: number,
  log: PushLog | undefined,
): Promise<Outcome | null> {
  const purpose = pushPurpose(row.kind);
  const templateId = config.wechatPush.templates[purpose];
  // Only these facts reach the template builder (see push-templates.ts).
  const data =
    row.wishTitle === null
      ? null
      : pushTemplateData(purpose, {
          kind: row.kind,
          wishTitle: row.wishTitle,
          deadlineAt: row.deadlineAt,
          siteName: row.siteName,
        });
  if (!sender || !templateId || !row.openid || !row.userActive || !data) {
    return settle(db, row.id, row.attempts, { pushStatus: 'none' }) ? 'none' : null;
  }
  if (!take(db, row, now)) return null;
  const attempts = row.attempts + 1;
  try {
    const answer = await sender.send({ touser: row.openid, templateId, page: pageOf(row.link), data });
    if (answer.status === 'sent') {
      settle(db, row.id, attempts, { pushStatus: 'sent', pushedAt: now });
      return 'sent';
    }
    if (answer.status === 'refused') {
      settle(db, row.id, attempts, { pushStatus: 'refused' });
      return 'refused';
    }
    // The message is wrong (template or keyword mismatch, bad openid): sending it again cannot help.
    log?.warn({ notificationId: row.id, errcode: answer.errcode, errmsg: answer.errmsg }, 'push rejected');
    settle(db, row.id, attempts, { pushStatus: 'failed' });
    return 'failed';
  } catch (err) {
    // WeChat unreachable, busy or refusing our token: the row stays pending and is due again later.
    log?.warn({ notificationId: row.id, attempts, err: (err as Error).message }, 'push not sent');
    if (attempts < PUSH_MAX_ATTEMPTS) return 'retrying';
    settle(db, row.id, attempts, { pushStatus: 'failed' });
    return 'failed';
  }
}

/** App links are absolute (`/donor/claim/index?id=…`); WeChat wants the page as in app.json. */
function pageOf(link: string | null): string | null {
  return link ? link.replace(/^\/+/, '') : null;
}

/** Counts an attempt on a row still pending and still as seen; false when someone else took it. */
function take(db: Db, row: PendingRow, now: number): boolean {
  return (
    db
      .update(notifications)
      .set({ pushAttempts: row.attempts + 1, pushedAt: now })
      .where(
        and(
          eq(notifications.id, row.id),
          eq(notifications.pushStatus, 'pending'),
          eq(notifications.pushAttempts, row.attempts),
        ),
      )
      .run().changes === 1
  );
}

/** Ends a pending row this dispatcher holds (`attempts` as it left them). */
function settle(
  db: Db,
  id: number,
  attempts: number,
  set: { pushStatus: 'none' | 'sent' | 'refused' | 'failed'; pushedAt?: number },
): boolean {
  return (
    db
      .update(notifications)
      .set(set)
      .where(
        and(
          eq(notifications.id, id),
          eq(notifications.pushStatus, 'pending'),
          eq(notifications.pushAttempts, attempts),
        ),
      )
      .run().changes === 1
  );
}

export interface PushLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * The server process's push job: a run every `intervalMs`, one run at a time (a run that is still
 * busy makes the next tick a no-op). `stop()` ends the ticks and waits for the run in flight, so
 * the database can be closed after it.
 */
export function startPushDispatcher(
  db: Db,
  services: Pick<Services, 'wechat'>,
  config: Config,
  log: PushLog,
  intervalMs = 10_000,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= dispatchPendingPushes(db, services, config, Date.now(), { log })
      .then((result) => {
        if (Object.values(result).some((n) => n > 0)) log.info({ ...result }, 'pushes dispatched');
      })
      .catch((err: unknown) => log.error({ err }, 'push dispatcher failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
