/**
 * `npm run bench:ledger [-- --n 1000000] [--keep]` — the ledger part of `npm run bench` alone
 * (test/bench/ledger.ts), printed with its baseline.
 */
import { parseArgs } from 'node:util';
import { benchLedger } from './ledger';
import { ledgerRows, printTable } from './report';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '1000000' }, keep: { type: 'boolean' } },
});
const figures = benchLedger(Number(values.n), { keep: values.keep ?? false });
printTable(ledgerRows(figures));
console.log(JSON.stringify(figures));
