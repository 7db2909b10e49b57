/**
 * Standard base64 with padding (RFC 4648 §4), as the signed-note and checkpoint formats use it.
 * Pure JS: the mini-program has neither `Buffer` nor `atob`. Decoding is strict — only the one
 * canonical spelling of each byte string is accepted, so a signed text cannot be re-spelled.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[n >> 18] as string;
    out += ALPHABET[(n >> 12) & 63] as string;
    out += b === undefined ? '=' : (ALPHABET[(n >> 6) & 63] as string);
    out += c === undefined ? '=' : (ALPHABET[n & 63] as string);
  }
  return out;
}

/** The bytes of canonical base64 text, or null when it is not exactly that. */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const ch = text[i + j] as string;
      const last = i + 4 === text.length;
      const v = ch === '=' && last && j >= 4 - pad ? 0 : VALUE.get(ch);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    const take = i + 4 === text.length ? 3 - pad : 3;
    // Bits beyond the last byte must be zero, or two texts would decode to the same bytes.
    if (bytes.slice(take).some((x) => x !== 0)) return null;
    for (let k = 0; k < take; k++) out[o++] = bytes[k] as number;
  }
  return out;
}
