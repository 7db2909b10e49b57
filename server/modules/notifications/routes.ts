import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import type { Services } from '../../services';
import { countUnread } from './count-unread';
import { listNotifications } from './list-notifications';
import { markNotificationsRead } from './mark-notifications-read';
import { subscriptionTemplates } from './subscription-templates';

export function notificationRoutes(app: FastifyInstance, { db, config }: AppDeps, services: Services): void {
  route(app, contract.listNotifications, ({ actor, query }) => listNotifications(db, actor, query));
  route(app, contract.unreadNotifications, ({ actor }) => countUnread(db, actor.userId));
  route(app, contract.markNotificationsRead, ({ actor, body }) =>
    markNotificationsRead(db, actor, body, Date.now()),
  );
  route(app, contract.subscriptionTemplates, () => subscriptionTemplates(config, services));
}
