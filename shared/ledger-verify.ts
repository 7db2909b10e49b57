import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64 } from './base64';
import { parseVerifierKey, verifySignedNote, type Checkpoint, type VerifierKey } from './checkpoint';
import { LEDGER_TX_KINDS, MONEY_ACCOUNTS, type LedgerTxKind, type LedgerUnit } from './ledger';
import { decodeLeaf, donorCommitment, leafRefusal, type LedgerLeaf } from './ledger-leaf';
import { chinaDayEnd, chinaDayStart } from './china-date';
import { leafHash, rootOf, verifyConsistency, verifyInclusion, type Hash } from './merkle';
import { reportLeafTotals, type ReportScope } from './report-totals';

/**
 * The one verifier of the public ledger, run by the server's tests, `npm run verify-ledger` and
 * the donor's browser alike: a receipt's leaf is in a signed checkpoint, two checkpoints agree
 * (the log only grew), a run of leaves obeys the ledger's rules and adds up to what a report
 * states. Pure functions over public data: signed notes, leaf texts, base64 hashes.
 */

/** Why a check failed; each code has a message for the people who see it. */
export const VERIFY_FAILURES = {
  KEY_INVALID: '公钥格式不对，无法验证',
  SIGNATURE_INVALID: '账本快照的签名与公布的公钥不符',
  LEAF_INVALID: '这条账目记录的格式不对',
  LEAF_UNBALANCED: '这条账目借贷不平衡',
  DONOR_MISMATCH: '账目中的捐赠人承诺与收据不符',
  NOT_YET_PUBLISHED: '这笔账目还没有进入已签名的账本快照，请稍后再验证',
  PROOF_INVALID: '包含证明与账本快照的根哈希不符',
  CONSISTENCY_INVALID: '两个账本快照不一致：账本历史被改写过',
  LEAVES_MISMATCH: '账目记录与账本快照不符',
  RULE_BROKEN: '账目违反了记账规则',
} as const;
export type VerifyFailure = keyof typeof VERIFY_FAILURES;

export type Verdict<T extends object = object> =
  ({ ok: true } & T) | { ok: false; code: VerifyFailure; message: string; detail: string };

function fail(
  code: VerifyFailure,
  detail: string,
): { ok: false; code: VerifyFailure; message: string; detail: string } {
  return { ok: false, code, message: VERIFY_FAILURES[code], detail };
}

function hashes(list: readonly string[]): Hash[] | null {
  const out: Hash[] = [];
  for (const b64 of list) {
    const h = typeof b64 === 'string' ? fromBase64(b64) : null;
    if (!h) return null;
    out.push(h);
  }
  return out;
}

/** A signed checkpoint, checked against the log's published verifier key. */
export function verifyCheckpoint(
  note: string,
  vkey: string | VerifierKey,
): Verdict<{ checkpoint: Checkpoint }> {
  let key = vkey;
  if (typeof key === 'string') {
    const parsed = parseVerifierKey(key);
    if (!parsed.ok) return fail('KEY_INVALID', parsed.reason);
    key = parsed.key;
  }
  const verified = verifySignedNote(note, key);
  return verified.ok ? verified : fail('SIGNATURE_INVALID', verified.reason);
}

/** A leaf's canonical text, decoded and checked against the ledger's rules for one transaction. */
export function checkLeafText(text: string): Verdict<{ leaf: LedgerLeaf; hash: Hash }> {
  const bytes = utf8ToBytes(text);
  const decoded = decodeLeaf(bytes);
  if ('error' in decoded) return fail('LEAF_INVALID', decoded.error);
  const refusal = leafRefusal(decoded.leaf);
  if (refusal) return fail('LEAF_UNBALANCED', refusal);
  return { ok: true, leaf: decoded.leaf, hash: leafHash(bytes) };
}

/** An inclusion proof as the API answers it: positions and base64 hashes. */
export interface InclusionProofData {
  index: number;
  size: number;
  proof: readonly string[];
}

export interface ReceiptCheck {
  /** The leaf's canonical text, as printed on the receipt. */
  leaf: string;
  /** The signed checkpoint (note) and the key it must be signed by. */
  checkpoint: string;
  vkey: string | VerifierKey;
  proof: InclusionProofData;
  /** The receipt's salt and donor name: the leaf's commitment must open to them. */
  donor?: { salt: string; name: string | null };
}

/**
 * A donor's receipt: the checkpoint is signed by the log's key, the leaf is a canonical,
 * balanced transaction, its commitment is the donor's, and the proof puts exactly this leaf at
 * its index in the signed tree.
 */
export function verifyReceipt(input: ReceiptCheck): Verdict<{ leaf: LedgerLeaf; checkpoint: Checkpoint }> {
  const cp = verifyCheckpoint(input.checkpoint, input.vkey);
  if (!cp.ok) return cp;
  const leaf = checkLeafText(input.leaf);
  if (!leaf.ok) return leaf;
  if (input.donor && leaf.leaf.donor !== donorCommitment(input.donor.salt, input.donor.name ?? '')) {
    return fail('DONOR_MISMATCH', 'the donor commitment does not open to the receipt');
  }
  const { checkpoint } = cp;
  if (leaf.leaf.index >= checkpoint.size) {
    return fail('NOT_YET_PUBLISHED', `leaf ${leaf.leaf.index} is beyond checkpoint size ${checkpoint.size}`);
  }
  const path = hashes(input.proof.proof);
  const ok =
    path !== null &&
    input.proof.index === leaf.leaf.index &&
    input.proof.size === checkpoint.size &&
    verifyInclusion(leaf.hash, leaf.leaf.index, checkpoint.size, path, checkpoint.root);
  if (!ok) return fail('PROOF_INVALID', `leaf ${leaf.leaf.index} is not in the tree of ${checkpoint.size}`);
  return { ok: true, leaf: leaf.leaf, checkpoint };
}

/** Two signed checkpoints of one log, and the proof that the older tree is a prefix of the newer. */
export function verifyCheckpointConsistency(
  older: string,
  newer: string,
  proof: readonly string[],
  vkey: string | VerifierKey,
): Verdict<{ first: Checkpoint; second: Checkpoint }> {
  const a = verifyCheckpoint(older, vkey);
  if (!a.ok) return a;
  const b = verifyCheckpoint(newer, vkey);
  if (!b.ok) return b;
  const [first, second] = [a.checkpoint, b.checkpoint];
  const path = hashes(proof);
  const ok =
    path !== null &&
    first.origin === second.origin &&
    verifyConsistency(first.size, second.size, first.root, second.root, path);
  if (!ok)
    return fail('CONSISTENCY_INVALID', `tree of ${first.size} is not a prefix of tree of ${second.size}`);
  return { ok: true, first, second };
}

/** One broken rule, naming the transaction and its leaf. */
export interface RuleBreak {
  tx: string;
  index: number;
  problem: string;
}

const MONEY = new Set<string>([...MONEY_ACCOUNTS, 'wechat_clearing']);

function postingsKey(postings: LedgerLeaf['postings']): string {
  return JSON.stringify([...postings].sort());
}

function negated(postings: LedgerLeaf['postings']): LedgerLeaf['postings'] {
  return postings.map(([a, u, fen]) => [a, u, -fen]);
}

/** Money that came in by a donation (its bank/cash/clearing debit), or went out by a refund. */
function moneyOf(leaf: LedgerLeaf): number {
  return leaf.postings.reduce((s, [account, , fen]) => (MONEY.has(account) ? s + fen : s), 0);
}

interface Known {
  org: string;
  kind: LedgerTxKind;
  postings: string;
  money: number;
  reversed: boolean;
  /** Refunds of a donation by their tx id, with their amounts (a reversed one no longer counts). */
  refunds: Map<string, number>;
  refundOf: string | null;
}

/**
 * The ledger's rules across transactions, checked as leaves stream past in log order: a
 * reversal undoes exactly one earlier transaction of its organization, at most once, never a
 * reversal, and not a donation that still has refunds; a refund gives back a money donation that
 * was not reversed, and refunds never exceed it. `keep` says which transactions later ones may
 * refer to (all, unless the caller knows: the verify command keeps only those referred to, so a
 * million leaves fit in memory).
 */
export function createLedgerRules(keep: (tx: string) => boolean = () => true) {
  const known = new Map<string, Known>();
  const seen = new Set<string>();
  const broken: RuleBreak[] = [];
  const breakRule = (leaf: LedgerLeaf, problem: string): void => {
    broken.push({ tx: leaf.tx, index: leaf.index, problem });
  };

  function reversal(leaf: LedgerLeaf): void {
    const original = known.get(leaf.reverses ?? '');
    if (!original) return breakRule(leaf, `reverses ${leaf.reverses}, which is not an earlier transaction`);
    if (original.org !== leaf.org)
      return breakRule(leaf, `reverses ${leaf.reverses} of another organization`);
    if (original.kind === 'reversal') return breakRule(leaf, `reverses ${leaf.reverses}, itself a reversal`);
    if (original.reversed) return breakRule(leaf, `reverses ${leaf.reverses}, which was already reversed`);
    if ([...original.refunds.values()].some((fen) => fen > 0)) {
      breakRule(leaf, `reverses donation ${leaf.reverses}, which still has refunds`);
    }
    if (postingsKey(negated(leaf.postings)) !== original.postings) {
      breakRule(leaf, `does not exactly undo the postings of ${leaf.reverses}`);
    }
    original.reversed = true;
    // A reversed refund gives its money back to the donation's refundable amount.
    if (original.kind === 'refund' && original.refundOf)
      known.get(original.refundOf)?.refunds.set(leaf.reverses ?? '', 0);
  }

  function refund(leaf: LedgerLeaf): void {
    const donation = known.get(leaf.refundOf ?? '');
    if (!donation) return breakRule(leaf, `refunds ${leaf.refundOf}, which is not an earlier transaction`);
    if (donation.org !== leaf.org || donation.kind !== 'cash_donation') {
      return breakRule(leaf, `refunds ${leaf.refundOf}, which is not a money donation of its organization`);
    }
    if (donation.reversed) return breakRule(leaf, `refunds ${leaf.refundOf}, which was reversed`);
    donation.refunds.set(leaf.tx, -moneyOf(leaf));
    const refunded = [...donation.refunds.values()].reduce((s, fen) => s + fen, 0);
    if (refunded > donation.money) {
      breakRule(leaf, `refunds ${refunded} fen of ${leaf.refundOf}, which brought only ${donation.money}`);
    }
  }

  return {
    /** Checks one leaf (the next in log order) against those before it. */
    add(leaf: LedgerLeaf): void {
      if (seen.has(leaf.tx)) breakRule(leaf, 'repeats a transaction id');
      if ((leaf.kind === 'reversal') !== (leaf.reverses !== null))
        breakRule(leaf, 'is a reversal without an original, or links one without being a reversal');
      if ((leaf.kind === 'refund') !== (leaf.refundOf !== null))
        breakRule(leaf, 'is a refund without a donation, or links one without being a refund');
      if (leaf.kind === 'reversal') reversal(leaf);
      if (leaf.kind === 'refund') refund(leaf);
      if (keep(leaf.tx)) {
        known.set(leaf.tx, {
          org: leaf.org,
          kind: leaf.kind,
          postings: postingsKey(leaf.postings),
          money: moneyOf(leaf),
          reversed: false,
          refunds: new Map(),
          refundOf: leaf.refundOf,
        });
      }
      seen.add(leaf.tx);
    },
    broken(): RuleBreak[] {
      return broken;
    },
  };
}

/**
 * A run of published leaves [0, size) against the signed checkpoint of that size: every leaf
 * canonical, balanced and at its own index, their tree's root the checkpoint's, and the rules
 * across transactions kept. Returns the decoded leaves, ready for `ledgerTotals`.
 */
export function verifyLeaves(
  texts: readonly string[],
  checkpoint: Pick<Checkpoint, 'size' | 'root'>,
): Verdict<{ leaves: LedgerLeaf[] }> {
  if (texts.length !== checkpoint.size) {
    return fail('LEAVES_MISMATCH', `${texts.length} leaves for a checkpoint of ${checkpoint.size}`);
  }
  const leaves: LedgerLeaf[] = [];
  const leafHashes: Hash[] = [];
  const rules = createLedgerRules();
  for (const [i, text] of texts.entries()) {
    const checked = checkLeafText(text);
    if (!checked.ok) return { ...checked, detail: `leaf ${i}: ${checked.detail}` };
    if (checked.leaf.index !== i)
      return fail('LEAVES_MISMATCH', `leaf ${i} says it is leaf ${checked.leaf.index}`);
    leaves.push(checked.leaf);
    leafHashes.push(checked.hash);
    rules.add(checked.leaf);
  }
  const root = rootOf(leafHashes);
  if (root.length !== checkpoint.root.length || root.some((b, i) => b !== checkpoint.root[i])) {
    return fail('LEAVES_MISMATCH', `the leaves' root is not the checkpoint's`);
  }
  const broken = rules.broken()[0];
  if (broken) return fail('RULE_BROKEN', `${broken.tx} (leaf ${broken.index}) ${broken.problem}`);
  return { ok: true, leaves };
}

/** Net signed fen per account, and how many transactions of each kind and campaign. */
export interface OrgTotals {
  transactions: number;
  /** account → unit → net signed fen (debit > 0). */
  accounts: Record<string, Partial<Record<LedgerUnit, number>>>;
  byKind: Record<LedgerTxKind, { count: number; accounts: Record<string, number> }>;
  /** campaign public id (or `none`) → count and net fen per account. */
  byCampaign: Record<string, { count: number; accounts: Record<string, number> }>;
}

/**
 * Totals recomputed from leaves alone, per organization (public id): each account's balance per
 * unit, and the net movement per account by transaction kind and by campaign. Optionally only
 * leaves effective in [fromMs, toMs).
 */
export function ledgerTotals(
  leaves: Iterable<LedgerLeaf>,
  period: { fromMs?: number; toMs?: number } = {},
): Record<string, OrgTotals> {
  const orgs: Record<string, OrgTotals> = {};
  const add = (into: Record<string, number>, account: string, fen: number) => {
    into[account] = (into[account] ?? 0) + fen;
  };
  for (const leaf of leaves) {
    if (period.fromMs !== undefined && leaf.effectiveAt < period.fromMs) continue;
    if (period.toMs !== undefined && leaf.effectiveAt >= period.toMs) continue;
    const org = (orgs[leaf.org] ??= {
      transactions: 0,
      accounts: {},
      byKind: Object.fromEntries(
        LEDGER_TX_KINDS.map((k) => [k, { count: 0, accounts: {} }]),
      ) as OrgTotals['byKind'],
      byCampaign: {},
    });
    org.transactions += 1;
    const kind = org.byKind[leaf.kind];
    const campaign = (org.byCampaign[leaf.campaign ?? 'none'] ??= { count: 0, accounts: {} });
    kind.count += 1;
    campaign.count += 1;
    for (const [account, unit, fen] of leaf.postings) {
      const units = (org.accounts[account] ??= {});
      units[unit] = (units[unit] ?? 0) + fen;
      add(kind.accounts, account, fen);
      add(campaign.accounts, account, fen);
    }
  }
  return orgs;
}

/** Which leaves a report covers, from what the report says of itself (public page or stored row). */
export function reportScopeOf(report: {
  org: string;
  kind: 'month' | 'quarter' | 'campaign';
  period: { key: string; from: string; to: string };
}): ReportScope {
  return report.kind === 'campaign'
    ? { org: report.org, campaign: report.period.key, fromMs: null, toMs: null }
    : {
        org: report.org,
        campaign: null,
        fromMs: chinaDayStart(report.period.from),
        toMs: chinaDayEnd(report.period.to),
      };
}

/** The figures of a report that the leaves alone determine, as the report states them. */
export interface StatedTotals {
  totals: object;
  byCategory: readonly object[];
  byCampaign: readonly { campaign: { id: string } | string | null }[];
  balances: readonly object[];
}

/**
 * A report's stated figures against a recomputation from the leaves its checkpoint covers: the
 * fields that differ, by path (`totals.cashDonationsFen: stated 100, the leaves give 90`); none
 * when the report is true to the log. Fields the leaves cannot know (labels, titles, the count of
 * wishes) are not compared.
 */
export function reportTotalsDifferences(
  stated: StatedTotals,
  leaves: readonly LedgerLeaf[],
  scope: ReportScope,
): string[] {
  const recomputed = reportLeafTotals(leaves, scope);
  const byCampaign = stated.byCampaign.map((c) => ({
    ...c,
    campaign: typeof c.campaign === 'object' && c.campaign !== null ? c.campaign.id : c.campaign,
  }));
  const out: string[] = [];
  const walk = (said: unknown, found: unknown, path: string): void => {
    if (Array.isArray(found)) {
      if (!Array.isArray(said) || said.length !== found.length) {
        out.push(
          `${path}: stated ${Array.isArray(said) ? said.length : 'no'} lines, the leaves give ${found.length}`,
        );
        return;
      }
      found.forEach((f, i) => walk(said[i], f, `${path}[${i}]`));
    } else if (typeof found === 'object' && found !== null) {
      const o = (typeof said === 'object' && said !== null ? said : {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(found)) walk(o[k], v, `${path}.${k}`);
    } else if (said !== found) {
      out.push(`${path}: stated ${JSON.stringify(said)}, the leaves give ${JSON.stringify(found)}`);
    }
  };
  walk(stated.totals, recomputed.totals, 'totals');
  walk(stated.byCategory, recomputed.byCategory, 'byCategory');
  walk(byCampaign, recomputed.byCampaign, 'byCampaign');
  walk(stated.balances, recomputed.balances, 'balances');
  return out;
}
