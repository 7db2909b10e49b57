/**
 * `npm run ledger-key [-- --name <origin>]` — makes a new Ed25519 key for the ledger log's
 * checkpoints: prints the private key (keep it secret: set it as LEDGER_SIGNING_KEY, or put it in
 * a file readable by the server only and set LEDGER_SIGNING_KEY to that path) and the verifier
 * key to publish. The name defaults to LEDGER_LOG_ORIGIN, as C2SP recommends.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseSignerKey, signerKeyText, verifierKeyText } from '../../shared/checkpoint';
import { loadConfig } from '../config';

const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = values.name ?? loadConfig().ledgerLog.origin;
const parsed = parseSignerKey(signerKeyText(name, randomBytes(32)));
if (!parsed.ok) {
  console.error(`ledger-key: ${parsed.reason} (a name has no spaces or +)`);
  process.exit(2);
}
console.log(`private key (LEDGER_SIGNING_KEY): ${signerKeyText(name, parsed.key.seed)}`);
console.log(`verifier key (publish it):        ${verifierKeyText(name, parsed.key.publicKey)}`);
