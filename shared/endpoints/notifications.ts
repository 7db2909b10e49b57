import type { Endpoint } from '../endpoint';
import {
  markReadBodySchema,
  notificationPageSchema,
  notificationQuerySchema,
  subscriptionTemplatesSchema,
  unreadCountSchema,
} from '../schemas/notifications';

/** The in-app inbox and the WeChat subscription templates to ask for. */
export const notificationsEndpoints = {
  listNotifications: {
    method: 'GET',
    path: '/api/v1/me/notifications',
    access: 'user',
    query: notificationQuerySchema,
    response: notificationPageSchema,
  },
  unreadNotifications: {
    method: 'GET',
    path: '/api/v1/me/notifications/unread',
    access: 'user',
    response: unreadCountSchema,
  },
  markNotificationsRead: {
    method: 'POST',
    path: '/api/v1/me/notifications/read',
    access: 'user',
    body: markReadBodySchema,
    response: unreadCountSchema,
  },
  subscriptionTemplates: {
    method: 'GET',
    path: '/api/v1/subscription-templates',
    access: 'public',
    response: subscriptionTemplatesSchema,
  },
} as const satisfies Record<string, Endpoint>;
