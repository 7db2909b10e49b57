import type { Db } from './client';

/** A drizzle transaction on our database; use cases take `Db | Tx` where they may run inside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
