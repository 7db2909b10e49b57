/**
 * `npm run reconcile -- --date YYYY-MM-DD [--db <path>] [--json]`
 *
 * Daily reconciliation: downloads WeChat Pay's trade bill for the China date (the merchant in
 * WECHATPAY_*, hash checked) and compares it with the ledger's WeChat Pay clearing postings
 * effective that day (server/modules/payments/reconcile-bill.ts). Prints a summary and every
 * difference; exits 0 when bill and books agree, 1 when they differ, 2 when it could not compare
 * (no merchant configured, bill unavailable, bad arguments). The database is opened read-only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { isCalendarDate } from '../../shared/china-date';
import { yuanText } from '../../shared/payments';
import { ConfigError, loadConfig } from '../config';
import * as schema from '../db/schema';
import { createWechatPayClient } from '../integrations/wechat-pay/wechat-pay-client';
import { WechatPayError } from '../integrations/wechat-pay/types';
import { describeDifference } from '../modules/payments/reconcile-bill';
import { reconcileDay } from '../modules/payments/reconcile-day';

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { date: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.date || !isCalendarDate(values.date))
    throw new UsageError('--date YYYY-MM-DD (a China date) is required');
  const config = loadConfig(
    values.db ? { ...process.env, DATABASE_PATH: path.resolve(values.db) } : process.env,
  );
  if (!config.wechatPay) throw new UsageError('WeChat Pay is not configured (WECHATPAY_* variables)');
  if (!fs.existsSync(config.databasePath)) throw new UsageError(`no database at ${config.databasePath}`);
  const wechatPay = createWechatPayClient({
    ...config.wechatPay,
    notifyUrl: config.wechatPay.notifyUrl ?? '',
  });
  const sqlite = new Database(config.databasePath, { readonly: true, fileMustExist: true });
  try {
    const result = await reconcileDay(drizzle(sqlite, { schema }), wechatPay, values.date);
    if (values.json) {
      console.log(JSON.stringify({ date: values.date, ...result }, null, 2));
    } else {
      const { bill, ledger } = result;
      console.log(
        `WeChat Pay reconciliation for ${values.date} (China time), merchant ${config.wechatPay.mchId}`,
      );
      console.log(
        `  bill:   ${bill.payments} payments ${yuanText(bill.paymentsFen)}, ${bill.refunds} refunds ${yuanText(bill.refundsFen)}, fees ${yuanText(bill.feeFen)}`,
      );
      console.log(
        `  ledger: ${ledger.payments} payments ${yuanText(ledger.paymentsFen)}, ${ledger.refunds} refunds ${yuanText(ledger.refundsFen)}`,
      );
      if (result.differences.length === 0) console.log('  ✓ the bill and the books agree');
      for (const d of result.differences) console.log(`  ✗ ${describeDifference(d)}`);
    }
    return result.differences.length === 0 ? 0 : 1;
  } finally {
    sqlite.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof ConfigError || err instanceof WechatPayError;
    console.error(known ? `reconcile: ${(err as Error).message}` : err);
    process.exit(2);
  },
);
