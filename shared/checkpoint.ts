import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64, toBase64 } from './base64';
import { HASH_SIZE, type Hash } from './merkle';

/**
 * Signed tree heads of the ledger's Merkle log in the C2SP formats (tlog-checkpoint inside a
 * signed-note, Ed25519), so any C2SP tool — and the donor's browser — can check them. Pure JS:
 * `@noble/ed25519` verifies where there is no `node:crypto`; the server signs with node:crypto,
 * and Ed25519 being deterministic, both give the same bytes.
 */
ed.hashes.sha512 = sha512;

/** The signature line's dash: U+2014 EM DASH and one space. */
const SIG_PREFIX = '\u2014 ';
/** Signed-note's algorithm byte for Ed25519. */
const ALG_ED25519 = 0x01;
/** Go's sumdb/note rejects more; so do we. */
const MAX_SIGNATURES = 100;

export interface Checkpoint {
  /** Names the log (C2SP: a schema-less URL). */
  origin: string;
  size: number;
  root: Hash;
  /** Extension lines, if any (we write none). */
  extensions: string[];
}

export interface VerifierKey {
  name: string;
  /** 4 bytes, as 8 lowercase hex digits. */
  keyId: string;
  publicKey: Uint8Array;
}

/** A signing key in Go's `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>` form, parsed. */
export interface SignerKey extends VerifierKey {
  seed: Uint8Array;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; reason: string };

const enc = (s: string) => utf8ToBytes(s);

/** A key name: non-empty, no spaces, no '+', printable (signed-note). */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasControl(name);
}

function hasControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f\u007f]/u.test(text);
}

/** keyID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4], as hex. */
export function keyIdOf(name: string, publicKey: Uint8Array): string {
  return bytesToHex(sha256(concatBytes(enc(name), Uint8Array.of(0x0a, ALG_ED25519), publicKey)).slice(0, 4));
}

/** The verifier key text `<name>+<hex id>+<base64(0x01 ‖ public key)>` that is published. */
export function verifierKeyText(name: string, publicKey: Uint8Array): string {
  return `${name}+${keyIdOf(name, publicKey)}+${toBase64(concatBytes(Uint8Array.of(ALG_ED25519), publicKey))}`;
}

/** Splits `text` at its first `count` '+' only: base64 may itself contain '+'. */
function splitPlus(text: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return [...parts, rest];
}

function keyFrom(
  name: string,
  hexId: string,
  b64: string,
): Result<{ name: string; keyId: string; key: Uint8Array }> {
  if (!isKeyName(name)) return { ok: false, reason: 'bad key name' };
  const raw = fromBase64(b64);
  if (!raw || raw.length !== 33 || raw[0] !== ALG_ED25519) return { ok: false, reason: 'not an Ed25519 key' };
  if (!/^[0-9a-f]{8}$/.test(hexId)) return { ok: false, reason: 'bad key id' };
  return { ok: true, name, keyId: hexId, key: raw.slice(1) };
}

export function parseVerifierKey(text: string): Result<{ key: VerifierKey }> {
  const parts = splitPlus(text.trim(), 2);
  if (!parts) return { ok: false, reason: 'a verifier key is <name>+<key id>+<key>' };
  const [name, hexId, b64] = parts as [string, string, string];
  const k = keyFrom(name, hexId, b64);
  if (!k.ok) return k;
  if (keyIdOf(name, k.key) !== hexId) return { ok: false, reason: 'key id does not match the key' };
  return { ok: true, key: { name, keyId: hexId, publicKey: k.key } };
}

/** Parses Go's private key text; the public key is derived from the seed. */
export function parseSignerKey(text: string): Result<{ key: SignerKey }> {
  const parts = splitPlus(text.trim(), 4);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    return { ok: false, reason: 'a signing key is PRIVATE+KEY+<name>+<key id>+<key>' };
  }
  const [, , name, hexId, b64] = parts as [string, string, string, string, string];
  const k = keyFrom(name, hexId, b64);
  if (!k.ok) return k;
  const publicKey = ed.getPublicKey(k.key);
  if (keyIdOf(name, publicKey) !== hexId) return { ok: false, reason: 'key id does not match the key' };
  return { ok: true, key: { name, keyId: hexId, publicKey, seed: k.key } };
}

/** Go's private key text for a 32-byte seed. */
export function signerKeyText(name: string, seed: Uint8Array): string {
  const publicKey = ed.getPublicKey(seed);
  const b64 = toBase64(concatBytes(Uint8Array.of(ALG_ED25519), seed));
  return `PRIVATE+KEY+${name}+${keyIdOf(name, publicKey)}+${b64}`;
}

/** The checkpoint body: origin, size, base64 root, each on its own line. */
export function formatCheckpoint(cp: { origin: string; size: number; root: Hash }): string {
  if (cp.origin === '' || hasControl(cp.origin) || cp.origin.includes('\n'))
    throw new RangeError('bad origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new RangeError('bad tree size');
  if (cp.root.length !== HASH_SIZE) throw new RangeError('bad root hash');
  return `${cp.origin}\n${cp.size}\n${toBase64(cp.root)}\n`;
}

export function parseCheckpoint(text: string): Result<{ checkpoint: Checkpoint }> {
  if (!text.endsWith('\n') || hasControl(text)) return { ok: false, reason: 'checkpoint text is malformed' };
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (!origin || sizeText === undefined || rootText === undefined) {
    return { ok: false, reason: 'checkpoint needs an origin, a size and a root' };
  }
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    return { ok: false, reason: 'checkpoint size is not a decimal number' };
  }
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE)
    return { ok: false, reason: 'checkpoint root is not a base64 hash' };
  if (extensions.some((e) => e === '')) return { ok: false, reason: 'checkpoint has an empty line' };
  return { ok: true, checkpoint: { origin, size: Number(sizeText), root, extensions } };
}

/** Anything that signs with an Ed25519 key (node:crypto on the server, noble in tests). */
export interface NoteSigner {
  name: string;
  keyId: string;
  sign(message: Uint8Array): Uint8Array;
}

/** A signed note: the text, a blank line, and one signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || hasControl(text)) throw new RangeError('note text must be lines ending in \\n');
  const keyId = Uint8Array.from(signer.keyId.match(/../g) ?? [], (h) => parseInt(h, 16));
  const sig = signer.sign(enc(text));
  return `${text}\n${SIG_PREFIX}${signer.name} ${toBase64(concatBytes(keyId, sig))}\n`;
}

/** The note's text and its signatures (name, key id, signature), or why it is not a signed note. */
function openNote(
  note: string,
): Result<{ text: string; sigs: { name: string; keyId: string; sig: Uint8Array }[] }> {
  const at = note.lastIndexOf('\n\n');
  if (at < 0 || !note.endsWith('\n')) return { ok: false, reason: 'not a signed note' };
  const text = note.slice(0, at + 1);
  if (hasControl(text)) return { ok: false, reason: 'note text has control characters' };
  const lines = note.slice(at + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: 'too many signatures' };
  const sigs = [];
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const raw = m ? fromBase64(m[2] as string) : null;
    if (!m || !raw || raw.length < 5 || !isKeyName(m[1] as string)) {
      return { ok: false, reason: 'malformed signature line' };
    }
    sigs.push({ name: m[1] as string, keyId: bytesToHex(raw.slice(0, 4)), sig: raw.slice(4) });
  }
  return { ok: true, text, sigs };
}

/**
 * Checks a signed note against a verifier key: it must carry a valid signature by that key
 * (signatures by other keys are ignored, as signed-note requires). Returns the signed text.
 */
export function verifyNote(note: string, vkey: string | VerifierKey): Result<{ text: string }> {
  let key: VerifierKey;
  if (typeof vkey === 'string') {
    const parsed = parseVerifierKey(vkey);
    if (!parsed.ok) return parsed;
    key = parsed.key;
  } else {
    key = vkey;
  }
  const opened = openNote(note);
  if (!opened.ok) return opened;
  const mine = opened.sigs.filter((s) => s.name === key.name && s.keyId === key.keyId);
  if (mine.length === 0) return { ok: false, reason: `no signature by ${key.name}+${key.keyId}` };
  const message = enc(opened.text);
  const valid = mine.some((s) => {
    try {
      return s.sig.length === 64 && ed.verify(s.sig, message, key.publicKey, { zip215: false });
    } catch {
      return false; // a malformed key or signature point
    }
  });
  return valid ? { ok: true, text: opened.text } : { ok: false, reason: 'signature does not verify' };
}

/** A signed checkpoint checked against the log's published verifier key. */
export function verifySignedNote(
  note: string,
  vkey: string | VerifierKey,
): Result<{ checkpoint: Checkpoint }> {
  const verified = verifyNote(note, vkey);
  return verified.ok ? parseCheckpoint(verified.text) : verified;
}
