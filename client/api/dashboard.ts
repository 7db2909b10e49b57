import { dashboardEndpoints as e } from '../../shared/endpoints/dashboard';
import type { DashboardQuery } from '../../shared/schemas/dashboard';
import { call } from './http';

export const getDashboard = (query: DashboardQuery) => call(e.getDashboard, { query });
export const listPurchasableWishes = () => call(e.listPurchasableWishes);
