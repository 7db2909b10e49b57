import { notificationsEndpoints as e } from '../../shared/endpoints/notifications';
import type { MarkReadBody } from '../../shared/schemas/notifications';
import { call } from './http';

export const listNotifications = (query: { limit?: number; cursor?: string } = {}) =>
  call(e.listNotifications, { query });
export const unreadCount = () => call(e.unreadNotifications);
/** Marks messages read (`{ ids }`) or all of them (`{ all: true }`); answers what is still unread. */
export const markRead = (body: MarkReadBody) => call(e.markNotificationsRead, { body });
/** The WeChat templates to ask for with `wx.requestSubscribeMessage` (empty: ask nothing). */
export const subscriptionTemplates = () => call(e.subscriptionTemplates);
