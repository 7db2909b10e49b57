import type { NotificationKind } from '../../../shared/constants';
import type { Tx } from '../../db/tx';
import { notifications } from '../../db/schema';
import { newPublicId } from '../../ids';
import { notificationText, type NotificationVars } from './notification-text';

export interface NotifyInput {
  userId: number;
  kind: NotificationKind;
  vars: NotificationVars;
  link: string | null;
  wishId?: number;
  claimId?: number;
  /** A campaign gift: its push names the campaign when there is no wish. */
  campaignId?: number;
  /** Said at most once: a second notice with the same key is dropped (reminders, releases). */
  dedupeKey?: string;
}

/**
 * Puts a message in someone's inbox, inside the transaction of the change it reports; it is
 * queued to be pushed as a WeChat subscription message after the commit.
 */
export function notify(tx: Tx, input: NotifyInput, now: number): void {
  const { title, body } = notificationText(input.kind, input.vars);
  tx.insert(notifications)
    .values({
      publicId: newPublicId(),
      userId: input.userId,
      kind: input.kind,
      title,
      body,
      link: input.link,
      wishId: input.wishId ?? null,
      claimId: input.claimId ?? null,
      campaignId: input.campaignId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      createdAt: now,
      pushStatus: 'pending',
    })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .run();
}

/** App pages messages open. */
export const links = {
  claim: (claimPublicId: string) => `/donor/claim/index?id=${claimPublicId}`,
  fulfilment: (wishPublicId: string) => `/caseworker/fulfilment/index?id=${wishPublicId}`,
};
