import type { Endpoint } from '../endpoint';
import { dashboardQuerySchema, dashboardSchema, purchasableWishesSchema } from '../schemas/dashboard';

/**
 * The charity dashboard of the staff member's current organization (holders of ledger.read or
 * fulfilment.read; wish figures within their regions), and the wishes finance may buy for.
 */
export const dashboardEndpoints = {
  getDashboard: {
    method: 'GET',
    path: '/api/v1/staff/dashboard',
    access: 'user',
    query: dashboardQuerySchema,
    response: dashboardSchema,
  },
  listPurchasableWishes: {
    method: 'GET',
    path: '/api/v1/staff/purchasable-wishes',
    access: 'user',
    response: purchasableWishesSchema,
  },
} as const satisfies Record<string, Endpoint>;
