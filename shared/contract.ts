import { authEndpoints } from './endpoints/auth';
import { beneficiariesEndpoints } from './endpoints/beneficiaries';
import { claimsEndpoints } from './endpoints/claims';
import { dashboardEndpoints } from './endpoints/dashboard';
import { fulfilmentEndpoints } from './endpoints/fulfilment';
import { healthEndpoints } from './endpoints/health';
import { ledgerEndpoints } from './endpoints/ledger';
import { ledgerLogEndpoints } from './endpoints/ledger-log';
import { mediaEndpoints } from './endpoints/media';
import { notificationsEndpoints } from './endpoints/notifications';
import { orgsEndpoints } from './endpoints/orgs';
import { paymentsEndpoints } from './endpoints/payments';
import { reportsEndpoints } from './endpoints/reports';
import { staffWishesEndpoints } from './endpoints/staff-wishes';
import { wishesEndpoints } from './endpoints/wishes';

export type { Access, Endpoint } from './endpoint';

/**
 * The API contract: every endpoint's method, path, access rule and schemas. The server registers
 * all of them from here; the client imports only the feature files it calls (shared/endpoints/),
 * so the schemas of subpackage-only features stay out of the mini-program's main package.
 */
export const contract = {
  ...healthEndpoints,
  ...wishesEndpoints,
  ...authEndpoints,
  ...orgsEndpoints,
  ...beneficiariesEndpoints,
  ...staffWishesEndpoints,
  ...claimsEndpoints,
  ...fulfilmentEndpoints,
  ...notificationsEndpoints,
  ...mediaEndpoints,
  ...ledgerEndpoints,
  ...ledgerLogEndpoints,
  ...dashboardEndpoints,
  ...reportsEndpoints,
  ...paymentsEndpoints,
};

export type Contract = typeof contract;
export type EndpointName = keyof Contract;
