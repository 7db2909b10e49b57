import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { LEDGER_TX_KINDS, LEDGER_UNITS, postingsRefusal, type LedgerTxKind, type LedgerUnit } from './ledger';

/**
 * One ledger transaction as a leaf of the Merkle log. It carries what anyone needs to recompute
 * totals and check the ledger's rules — never a person: a donor appears only as a salted
 * commitment (`donor`) whose salt is printed on the donor's own receipt; no memo, no staff.
 */
export interface LedgerLeaf {
  v: 1;
  /** The leaf's position in the log, from 0. */
  index: number;
  /** The transaction's public id. */
  tx: string;
  /** The organization's public id. */
  org: string;
  kind: LedgerTxKind;
  effectiveAt: number;
  recordedAt: number;
  /** [account, unit, signed fen], sorted by account then unit. */
  postings: [string, LedgerUnit, number][];
  reverses: string | null;
  refundOf: string | null;
  campaign: string | null;
  wish: string | null;
  /** The receipt number (票据号) of a donation. */
  receipt: string | null;
  /** hex SHA-256 commitment to the donor (see donorCommitment). */
  donor: string | null;
}

const KEYS = [
  'v',
  'index',
  'tx',
  'org',
  'kind',
  'effectiveAt',
  'recordedAt',
  'postings',
  'reverses',
  'refundOf',
  'campaign',
  'wish',
  'receipt',
  'donor',
] as const satisfies readonly (keyof LedgerLeaf)[];

function sortedPostings(postings: LedgerLeaf['postings']): LedgerLeaf['postings'] {
  return [...postings].sort(([a, ua, x], [b, ub, y]) =>
    a !== b ? (a < b ? -1 : 1) : ua !== ub ? (ua < ub ? -1 : 1) : x - y,
  );
}

/** The canonical text of a leaf: JSON, keys in a fixed order, no spaces, postings sorted. */
export function leafText(leaf: LedgerLeaf): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEYS) ordered[key] = key === 'postings' ? sortedPostings(leaf.postings) : leaf[key];
  return JSON.stringify(ordered);
}

export function encodeLeaf(leaf: LedgerLeaf): Uint8Array {
  return utf8ToBytes(leafText(leaf));
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): boolean => v === null || isStr(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/**
 * Reads leaf bytes back, or says why they are not a canonical leaf: the same bytes must come out
 * of `encodeLeaf` again, so there is exactly one encoding of each transaction.
 */
export function decodeLeaf(bytes: Uint8Array): { leaf: LedgerLeaf } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { error: 'leaf is not UTF-8 JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { error: 'leaf is not an object' };
  const o = parsed as Record<string, unknown>;
  const postingsOk =
    Array.isArray(o.postings) &&
    o.postings.every(
      (p) =>
        Array.isArray(p) &&
        p.length === 3 &&
        isStr(p[0]) &&
        (LEDGER_UNITS as readonly unknown[]).includes(p[1]) &&
        isInt(p[2]),
    );
  const ok =
    o.v === 1 &&
    isInt(o.index) &&
    isStr(o.tx) &&
    isStr(o.org) &&
    (LEDGER_TX_KINDS as readonly unknown[]).includes(o.kind) &&
    isInt(o.effectiveAt) &&
    isInt(o.recordedAt) &&
    postingsOk &&
    ['reverses', 'refundOf', 'campaign', 'wish', 'receipt', 'donor'].every((k) => isStrOrNull(o[k]));
  if (!ok) return { error: 'leaf is missing a field or has one of the wrong type' };
  const leaf = o as unknown as LedgerLeaf;
  if (leafText(leaf) !== new TextDecoder().decode(bytes)) return { error: 'leaf is not in canonical form' };
  return { leaf };
}

/** Why a leaf breaks the ledger's rules (unbalanced, bad amounts), or null. */
export function leafRefusal(leaf: LedgerLeaf): string | null {
  return postingsRefusal(leaf.postings.map(([account, unit, amountFen]) => ({ account, unit, amountFen })));
}

/**
 * The commitment that stands for a donor in the public log: SHA-256 over a fixed label, the
 * receipt's salt (hex) and the donor's name as recorded. Without the salt nobody can test names
 * against it; with their receipt, the donor can show the leaf is theirs.
 */
export function donorCommitment(saltHex: string, donorName: string): string {
  return bytesToHex(sha256(utf8ToBytes(`xinyuan-donor-v1\n${saltHex}\n${donorName}`)));
}
