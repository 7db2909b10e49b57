import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../shared/base64';
import {
  formatCheckpoint,
  keyIdOf,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  signerKeyText,
  verifierKeyText,
  verifyNote,
  verifySignedNote,
  type NoteSigner,
} from '../../shared/checkpoint';
import { EMPTY_ROOT, leafHash } from '../../shared/merkle';
import { ledgerSigner } from '../../server/modules/ledger-log/signing-key';

// Go's golang.org/x/mod/sumdb/note tests (TestSign, TestOpen).
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG_LINE =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const GO_NOTE = `${GO_TEXT}\n${GO_SIG_LINE}`;

// C2SP signed-note.md's example.
const C2SP_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const C2SP_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

function nobleSigner(skey: string): NoteSigner {
  const parsed = parseSignerKey(skey);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { name: parsed.key.name, keyId: parsed.key.keyId, sign: (m) => ed.sign(m, parsed.key.seed) };
}

function flipBit(text: string, at: number): string {
  const bytes = new TextEncoder().encode(text);
  bytes[at] = (bytes[at] as number) ^ 1;
  return new TextDecoder().decode(bytes);
}

describe('base64 (RFC 4648 §4)', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('%j ⇄ %s', (plain, b64) => {
    expect(toBase64(new TextEncoder().encode(plain))).toBe(b64);
    expect(new TextDecoder().decode(fromBase64(b64) as Uint8Array)).toBe(plain);
  });

  it('matches Node for random bytes and refuses non-canonical or foreign text', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    for (const bad of ['Zg', 'Zh==', 'Zm9=', 'Zm9v-A==', 'Z===', '=Zg=', 'Zm 9v', 'Zm9vYg=\n']) {
      expect(fromBase64(bad), bad).toBeNull();
    }
  });
});

describe('signed notes (C2SP signed-note, Ed25519)', () => {
  it("verifies Go sumdb/note's signed note and reproduces its signature byte for byte", () => {
    expect(verifyNote(GO_NOTE, GO_VKEY)).toEqual({ ok: true, text: GO_TEXT });
    expect(signNote(GO_TEXT, nobleSigner(GO_SKEY))).toBe(GO_NOTE);
    const key = parseSignerKey(GO_SKEY);
    if (!key.ok) throw new Error(key.reason);
    // The server signs with node:crypto: the same bytes.
    expect(signNote(GO_TEXT, ledgerSigner(key.key, 'any'))).toBe(GO_NOTE);
    expect(ledgerSigner(key.key, 'any').vkey).toBe(GO_VKEY);
    expect(verifierKeyText(key.key.name, key.key.publicKey)).toBe(GO_VKEY);
    expect(signerKeyText(key.key.name, key.key.seed)).toBe(GO_SKEY);
  });

  it("verifies the C2SP specification's example", () => {
    expect(verifyNote(C2SP_NOTE, C2SP_VKEY)).toEqual({ ok: true, text: 'This is an example message.\n' });
  });

  it('parses keys whose base64 holds a +, and refuses a key id that does not match', () => {
    const vkey = parseVerifierKey(GO_VKEY);
    expect(vkey.ok && vkey.key.keyId).toBe('c74f20a3');
    expect(vkey.ok && keyIdOf(vkey.key.name, vkey.key.publicKey)).toBe('c74f20a3');
    expect(parseSignerKey(GO_SKEY).ok).toBe(true);
    expect(parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4')).ok).toBe(false);
    expect(parseVerifierKey('PeterNeumann+c74f20a3').ok).toBe(false);
    expect(parseVerifierKey(GO_VKEY.replace('ARpc', 'Arpc')).ok).toBe(false);
    expect(parseSignerKey(GO_VKEY).ok).toBe(false);
  });

  it('fails an edited text, a flipped signature bit, another key, or a missing signature', () => {
    expect(verifyNote(GO_NOTE.replace('cryptography', 'Cryptography'), GO_VKEY).ok).toBe(false);
    expect(verifyNote(C2SP_NOTE, GO_VKEY).ok).toBe(false);
    expect(verifyNote(GO_NOTE, C2SP_VKEY).ok).toBe(false);
    expect(verifyNote(GO_TEXT, GO_VKEY).ok).toBe(false);
    const sigStart = GO_NOTE.indexOf('x08go');
    for (const at of [sigStart + 6, sigStart + 20, GO_NOTE.length - 10]) {
      const flipped = flipBit(GO_NOTE, at);
      if (flipped !== GO_NOTE) expect(verifyNote(flipped, GO_VKEY).ok, `byte ${at}`).toBe(false);
    }
    // A bit flipped inside the signature bytes themselves (not just the base64 spelling).
    const raw = fromBase64(GO_SIG_LINE.slice('— PeterNeumann '.length, -1)) as Uint8Array;
    for (const byte of [4, 30, 67]) {
      const bad = raw.slice();
      bad[byte] = (bad[byte] as number) ^ 0x80;
      const note = `${GO_TEXT}\n— PeterNeumann ${toBase64(bad)}\n`;
      expect(verifyNote(note, GO_VKEY).ok, `signature byte ${byte}`).toBe(false);
    }
  });

  it('ignores signatures by unknown keys next to a valid one', () => {
    const other = `— someone.else ${toBase64(new Uint8Array(68))}\n`;
    expect(verifyNote(`${GO_NOTE}${other}`, GO_VKEY).ok).toBe(true);
    expect(verifyNote(`${GO_TEXT}\n${other}`, GO_VKEY).ok).toBe(false);
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  const root = leafHash(new TextEncoder().encode('leaf'));

  it('formats origin, size and base64 root, one per line, and parses them back', () => {
    const text = formatCheckpoint({ origin: 'example.org/ledger', size: 42, root });
    expect(text).toBe(`example.org/ledger\n42\n${Buffer.from(root).toString('base64')}\n`);
    const parsed = parseCheckpoint(text);
    expect(parsed).toEqual({
      ok: true,
      checkpoint: { origin: 'example.org/ledger', size: 42, root, extensions: [] },
    });
    expect(parseCheckpoint(formatCheckpoint({ origin: 'x', size: 0, root: EMPTY_ROOT })).ok).toBe(true);
  });

  it.each([
    ['no final newline', 'o\n1\nAAAA'],
    ['a leading zero', `o\n01\n${toBase64(root)}\n`],
    ['a negative size', `o\n-1\n${toBase64(root)}\n`],
    ['a short root', `o\n1\n${toBase64(root.slice(1))}\n`],
    ['no origin', `\n1\n${toBase64(root)}\n`],
    ['an empty extension line', `o\n1\n${toBase64(root)}\n\n`],
    ['a control character', `o\t\n1\n${toBase64(root)}\n`],
  ])('refuses a checkpoint with %s', (_, text) => {
    expect(parseCheckpoint(text).ok).toBe(false);
  });

  it('a signed checkpoint verifies with its key and yields the tree head', () => {
    const signer = nobleSigner(GO_SKEY);
    const note = signNote(formatCheckpoint({ origin: 'example.org/ledger', size: 7, root }), signer);
    const verified = verifySignedNote(note, GO_VKEY);
    expect(verified.ok && verified.checkpoint.size).toBe(7);
    expect(verified.ok && verified.checkpoint.root).toEqual(root);
    expect(verifySignedNote(note.replace('\n7\n', '\n8\n'), GO_VKEY).ok).toBe(false);
    expect(verifySignedNote(GO_NOTE, GO_VKEY).ok).toBe(false);
  });
});
