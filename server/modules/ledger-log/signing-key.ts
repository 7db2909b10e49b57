import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  parseSignerKey,
  signerKeyText,
  verifierKeyText,
  type NoteSigner,
  type SignerKey,
} from '../../../shared/checkpoint';
import { ConfigError, type Config } from '../../config';

/** Signs the log's checkpoints; `vkey` is what verifiers are given. */
export interface LedgerSigner extends NoteSigner {
  /** The checkpoints' origin line. */
  origin: string;
  vkey: string;
}

/** PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A signer over node:crypto; Ed25519 is deterministic, so its signatures equal noble's byte for byte. */
export function ledgerSigner(key: SignerKey, origin: string): LedgerSigner {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, key.seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    name: key.name,
    keyId: key.keyId,
    origin,
    vkey: verifierKeyText(key.name, key.publicKey),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

function parsed(text: string, where: string): SignerKey {
  const result = parseSignerKey(text);
  if (!result.ok) throw new ConfigError(`${where} is not a ledger signing key (${result.reason})`);
  return result.key;
}

/** The configured key: the text itself, or a file that holds it. */
function configuredKey(value: string): SignerKey {
  if (value.startsWith('PRIVATE+KEY+')) return parsed(value, 'LEDGER_SIGNING_KEY');
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(value), 'utf8');
  } catch {
    throw new ConfigError(`LEDGER_SIGNING_KEY names a file that cannot be read: ${value}`);
  }
  return parsed(text, `LEDGER_SIGNING_KEY file ${value}`);
}

/**
 * The key beside the database, made on first start: readable by the owner only, and created
 * exclusively, so two processes starting at once end up with the same key.
 */
function generatedKey(file: string, name: string): SignerKey {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `${signerKeyText(name, randomBytes(32))}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parsed(fs.readFileSync(file, 'utf8'), `ledger key file ${file}`);
}

/**
 * The deployment's checkpoint signer. Production needs a configured key (a generated one would
 * quietly change the log's identity whenever the data folder is rebuilt); elsewhere a key is
 * generated beside the database and reused.
 */
export function loadLedgerSigner(config: Pick<Config, 'ledgerLog'>): LedgerSigner {
  const { origin, signingKey, keyFile, generateKey } = config.ledgerLog;
  if (signingKey) return ledgerSigner(configuredKey(signingKey), origin);
  if (!generateKey) {
    throw new ConfigError(
      'LEDGER_SIGNING_KEY is required in production: the Ed25519 key (PRIVATE+KEY+<name>+<id>+<key>, or a file holding it) that signs the public ledger checkpoints — make one with `npm run ledger-key`',
    );
  }
  return ledgerSigner(generatedKey(keyFile, origin), origin);
}
