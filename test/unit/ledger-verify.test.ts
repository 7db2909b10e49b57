import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/base64';
import { formatCheckpoint, signNote, verifierKeyText, type NoteSigner } from '../../shared/checkpoint';
import {
  donationPostings,
  purchasePostings,
  refundPostings,
  reversalPostings,
  type Posting,
} from '../../shared/ledger';
import { donorCommitment, encodeLeaf, leafText, type LedgerLeaf } from '../../shared/ledger-leaf';
import {
  checkLeafText,
  ledgerTotals,
  reportScopeOf,
  reportTotalsDifferences,
  verifyCheckpointConsistency,
  verifyLeaves,
  verifyReceipt,
} from '../../shared/ledger-verify';
import { consistencyProof, inclusionProof, leafHash, rootOf, type Hash } from '../../shared/merkle';
import { reportLeafTotals } from '../../shared/report-totals';
import { fastDonorCommitment } from '../../server/modules/ledger-log/audit-ledger';
import { fastLeafHash, TreeLevels } from '../../server/modules/ledger-log/tree-levels';

const SEED = new Uint8Array(32).fill(3);
const signer: NoteSigner & { vkey: string } = {
  name: 'example.org/ledger',
  keyId: verifierKeyText('example.org/ledger', ed.getPublicKey(SEED)).split('+')[1] as string,
  sign: (m) => ed.sign(m, SEED),
  vkey: verifierKeyText('example.org/ledger', ed.getPublicKey(SEED)),
};
const ORG = 'org0000000001';
const CAMPAIGN = 'cmp0000000001';

/** A small log of leaves, built as postTransaction builds them. */
class Log {
  leaves: LedgerLeaf[] = [];
  add(kind: LedgerLeaf['kind'], postings: Posting[], over: Partial<LedgerLeaf> = {}): LedgerLeaf {
    const index = this.leaves.length;
    const leaf: LedgerLeaf = {
      v: 1,
      index,
      tx: `tx${String(index).padStart(10, '0')}`,
      org: ORG,
      kind,
      effectiveAt: 1_700_000_000_000 + index * 3_600_000,
      recordedAt: 1_700_000_000_000 + index * 3_600_000,
      postings: postings.map((p) => [p.account, p.unit, p.amountFen]),
      reverses: null,
      refundOf: null,
      campaign: null,
      wish: null,
      receipt: null,
      donor: null,
      ...over,
    };
    this.leaves.push(leaf);
    return leaf;
  }
  get texts(): string[] {
    return this.leaves.map(leafText);
  }
  get hashes(): Hash[] {
    return this.leaves.map((l) => leafHash(encodeLeaf(l)));
  }
  checkpoint(size = this.leaves.length): string {
    return signNote(
      formatCheckpoint({ origin: signer.name, size, root: rootOf(this.hashes.slice(0, size)) }),
      signer,
    );
  }
}

function sampleLog(): Log {
  const log = new Log();
  const gift = log.add('cash_donation', donationPostings(50000, `campaign:${CAMPAIGN}`, 'bank'), {
    campaign: CAMPAIGN,
    receipt: '2026-000001',
    donor: donorCommitment('ab'.repeat(16), '张三丰'),
  });
  log.add('cash_donation', donationPostings(12000, 'general', 'cash'), { receipt: '2026-000002' });
  log.add('purchase', purchasePostings(8000, `campaign:${CAMPAIGN}`, 'bank'), { campaign: CAMPAIGN });
  const refund = log.add('refund', refundPostings(1000, `campaign:${CAMPAIGN}`, 'bank'), {
    refundOf: gift.tx,
    campaign: CAMPAIGN,
  });
  log.add(
    'reversal',
    reversalPostings(refund.postings.map(([account, unit, amountFen]) => ({ account, unit, amountFen }))),
    {
      reverses: refund.tx,
      campaign: CAMPAIGN,
    },
  );
  return log;
}

const postingsOf = (leaf: LedgerLeaf): Posting[] =>
  leaf.postings.map(([account, unit, amountFen]) => ({ account, unit, amountFen }));
const flip = (b64: string, byte: number) => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[byte % bytes.length] = (bytes[byte % bytes.length] as number) ^ 1;
  return toBase64(bytes);
};

describe('verifying a receipt', () => {
  // Signature checks in pure JS take milliseconds: a few sizes, each leaf, rather than every size.
  it.each([1, 2, 3, 7, 8, 13])(
    'every leaf of a log of %i verifies against its signed checkpoint; a flipped or missing hash fails',
    (n) => {
      const log = new Log();
      for (let i = 0; i < n; i++) log.add('cash_donation', donationPostings(100 + i, 'general', 'bank'));
      const note = log.checkpoint();
      for (const [index, text] of log.texts.entries()) {
        const proof = { index, size: n, proof: inclusionProof(log.hashes, index).map(toBase64) };
        const check = { leaf: text, checkpoint: note, vkey: signer.vkey, proof };
        expect(verifyReceipt(check).ok).toBe(true);
        if (index !== n - 1) continue;
        for (const at of proof.proof.keys()) {
          const bad = proof.proof.map((h, j) => (j === at ? flip(h, at * 7) : h));
          expect(verifyReceipt({ ...check, proof: { ...proof, proof: bad } })).toMatchObject({
            code: 'PROOF_INVALID',
          });
        }
        if (n > 1) {
          expect(verifyReceipt({ ...check, proof: { ...proof, proof: proof.proof.slice(0, -1) } }).ok).toBe(
            false,
          );
          expect(verifyReceipt({ ...check, proof: { ...proof, index: 0 } }).ok).toBe(false);
        }
      }
    },
  );

  it('names what is wrong: not yet published, bad leaf, wrong donor, another key', () => {
    const log = sampleLog();
    const note = log.checkpoint(3);
    const proof = { index: 0, size: 3, proof: inclusionProof(log.hashes, 0, 3).map(toBase64) };
    const base = { leaf: log.texts[0] as string, checkpoint: note, vkey: signer.vkey, proof };
    expect(verifyReceipt({ ...base, donor: { salt: 'ab'.repeat(16), name: '张三丰' } }).ok).toBe(true);
    expect(verifyReceipt({ ...base, donor: { salt: 'ab'.repeat(16), name: '张三' } })).toMatchObject({
      ok: false,
      code: 'DONOR_MISMATCH',
      message: expect.stringContaining('捐赠人'),
    });
    expect(verifyReceipt({ ...base, leaf: log.texts[3] as string })).toMatchObject({
      code: 'NOT_YET_PUBLISHED',
    });
    expect(verifyReceipt({ ...base, leaf: ` ${base.leaf}` })).toMatchObject({ code: 'LEAF_INVALID' });
    expect(verifyReceipt({ ...base, vkey: 'nonsense' })).toMatchObject({ code: 'KEY_INVALID' });
    const other = verifierKeyText('example.org/ledger', ed.getPublicKey(new Uint8Array(32).fill(4)));
    expect(verifyReceipt({ ...base, vkey: other })).toMatchObject({ code: 'SIGNATURE_INVALID' });
    const unbalanced = leafText({
      ...(log.leaves[0] as LedgerLeaf),
      postings: [
        ['bank', 'CNY', 5],
        ['donation_income', 'CNY', -4],
      ],
    });
    expect(checkLeafText(unbalanced)).toMatchObject({ ok: false, code: 'LEAF_UNBALANCED' });
  });
});

describe('consistency between checkpoints', () => {
  it('holds between any two sizes of a log; a changed or missing hash fails', { timeout: 30_000 }, () => {
    const log = new Log();
    const N = 12;
    for (let i = 0; i < N; i++) log.add('cash_donation', donationPostings(1 + i, 'general', 'bank'));
    const hashes = log.hashes;
    const notes = Array.from({ length: N + 1 }, (_, size) => log.checkpoint(size));
    const check = (a: number, b: number, proof: string[]) =>
      verifyCheckpointConsistency(notes[a] as string, notes[b] as string, proof, signer.vkey);
    for (let a = 0; a <= N; a++) {
      for (let b = a; b <= N; b++) {
        const proof = consistencyProof(hashes, a, b).map(toBase64);
        expect(check(a, b, proof).ok).toBe(true);
        for (const i of proof.keys()) {
          const bad = proof.map((h, j) => (j === i ? flip(h, a + b) : h));
          expect(check(a, b, bad)).toMatchObject({ code: 'CONSISTENCY_INVALID' });
        }
        if (proof.length > 0) expect(check(a, b, proof.slice(1)).ok).toBe(false);
      }
    }
  });

  it('two checkpoints with one size and different roots are not consistent', () => {
    const log = sampleLog();
    const forked = new Log();
    forked.add('cash_donation', donationPostings(1, 'general', 'bank'));
    expect(verifyCheckpointConsistency(log.checkpoint(1), forked.checkpoint(1), [], signer.vkey).ok).toBe(
      false,
    );
  });
});

describe('a run of published leaves', () => {
  it('rebuilds the signed root and keeps the rules; reordered, cut or edited leaves fail', () => {
    const log = sampleLog();
    const cp = { size: 5, root: rootOf(log.hashes) };
    expect(verifyLeaves(log.texts, cp).ok).toBe(true);
    const texts = log.texts;
    expect(verifyLeaves([texts[1], texts[0], ...texts.slice(2)] as string[], cp)).toMatchObject({
      code: 'LEAVES_MISMATCH',
    });
    expect(verifyLeaves(texts.slice(0, 4), cp).ok).toBe(false);
    expect(
      verifyLeaves(
        texts.map((x) => x.replace('50000', '50001')),
        cp,
      ).ok,
    ).toBe(false);
  });

  const rulesBroken = (build: (log: Log) => void): string => {
    const log = new Log();
    build(log);
    const verdict = verifyLeaves(log.texts, { size: log.leaves.length, root: rootOf(log.hashes) });
    return verdict.ok ? 'ok' : `${verdict.code}: ${verdict.detail}`;
  };

  it.each<[string, (log: Log) => void, RegExp]>([
    [
      'a reversal of a reversal',
      (log) => {
        const d = log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        const r = log.add('reversal', reversalPostings(postingsOf(d)), { reverses: d.tx });
        log.add('reversal', reversalPostings(postingsOf(r)), { reverses: r.tx });
      },
      /itself a reversal/,
    ],
    [
      'a second reversal of one transaction',
      (log) => {
        const d = log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        log.add('reversal', reversalPostings(postingsOf(d)), { reverses: d.tx });
        log.add('reversal', reversalPostings(postingsOf(d)), { reverses: d.tx });
      },
      /already reversed/,
    ],
    [
      'a reversal that does not undo exactly',
      (log) => {
        const d = log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        log.add('reversal', reversalPostings(donationPostings(90, 'general', 'bank')), { reverses: d.tx });
      },
      /does not exactly undo/,
    ],
    [
      'a reversal of a later transaction',
      (log) => {
        log.add('reversal', reversalPostings(donationPostings(100, 'general', 'bank')), {
          reverses: 'tx0000000001',
        });
        log.add('cash_donation', donationPostings(100, 'general', 'bank'));
      },
      /not an earlier transaction/,
    ],
    [
      'refunds beyond the donation',
      (log) => {
        const d = log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        log.add('refund', refundPostings(60, 'general', 'bank'), { refundOf: d.tx });
        log.add('refund', refundPostings(41, 'general', 'bank'), { refundOf: d.tx });
      },
      /refunds 101 fen/,
    ],
    [
      'a refund of a purchase',
      (log) => {
        log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        const p = log.add('purchase', purchasePostings(50, 'general', 'bank'));
        log.add('refund', refundPostings(10, 'general', 'bank'), { refundOf: p.tx });
      },
      /not a money donation/,
    ],
    [
      'the reversal of a donation that still has refunds',
      (log) => {
        const d = log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        log.add('refund', refundPostings(10, 'general', 'bank'), { refundOf: d.tx });
        log.add('reversal', reversalPostings(postingsOf(d)), { reverses: d.tx });
      },
      /still has refunds/,
    ],
  ])('refuses %s', (_, build, problem) => {
    expect(rulesBroken(build)).toMatch(problem);
    expect(rulesBroken(build)).toMatch(/^RULE_BROKEN/);
  });

  it('a reversed refund gives its amount back to the donation', () => {
    expect(
      rulesBroken((log) => {
        const d = log.add('cash_donation', donationPostings(100, 'general', 'bank'));
        const r = log.add('refund', refundPostings(100, 'general', 'bank'), { refundOf: d.tx });
        log.add('reversal', reversalPostings(postingsOf(r)), { reverses: r.tx });
        log.add('refund', refundPostings(100, 'general', 'bank'), { refundOf: d.tx });
      }),
    ).toBe('ok');
  });
});

describe('totals from the leaves', () => {
  it('per organization: account balances, and movements by kind and by campaign', () => {
    const totals = ledgerTotals(sampleLog().leaves)[ORG];
    expect(totals?.transactions).toBe(5);
    expect(totals?.accounts.bank).toEqual({ CNY: 50000 - 8000 });
    expect(totals?.accounts.cash).toEqual({ CNY: 12000 });
    expect(totals?.accounts[`restricted_fund:${CAMPAIGN}`]).toEqual({ CNY: -50000 + 8000 });
    expect(totals?.byKind.purchase).toEqual({
      count: 1,
      accounts: {
        program_expense: 8000,
        bank: -8000,
        [`restricted_fund:${CAMPAIGN}`]: 8000,
        donation_income: -8000,
      },
    });
    expect(totals?.byKind.refund.count).toBe(1);
    expect(totals?.byCampaign[CAMPAIGN]?.count).toBe(4);
    expect(totals?.byCampaign.none?.count).toBe(1);
    const later = ledgerTotals(sampleLog().leaves, { fromMs: 1_700_000_000_000 + 2 * 3_600_000 })[ORG];
    expect(later?.transactions).toBe(3);
  });

  it("a report's stated figures match a recomputation, and any changed figure is named", () => {
    const leaves = sampleLog().leaves;
    const scope = reportScopeOf({
      org: ORG,
      kind: 'campaign',
      period: { key: CAMPAIGN, from: '2023-11-01', to: '2023-11-30' },
    });
    const stated = reportLeafTotals(leaves, scope);
    expect(stated.totals.cashDonationsFen).toBe(50000);
    expect(reportTotalsDifferences(stated, leaves, scope)).toEqual([]);
    // As stored in a report: campaigns as {id, title}, categories with labels.
    const asStored = {
      ...stated,
      byCategory: stated.byCategory.map((c) => ({ ...c, label: '标签' })),
      byCampaign: stated.byCampaign.map((c) => ({
        ...c,
        campaign: c.campaign && { id: c.campaign, title: '活动' },
      })),
    };
    expect(reportTotalsDifferences(asStored, leaves, scope)).toEqual([]);
    const lied = { ...stated, totals: { ...stated.totals, purchasesFen: stated.totals.purchasesFen - 1 } };
    expect(reportTotalsDifferences(lied, leaves, scope)).toEqual([
      'totals.purchasesFen: stated 7999, the leaves give 8000',
    ]);
    expect(reportTotalsDifferences({ ...stated, balances: [] }, leaves, scope)[0]).toMatch(
      /^balances: stated 0 lines/,
    );
    expect(
      reportScopeOf({
        org: ORG,
        kind: 'month',
        period: { key: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      }),
    ).toMatchObject({
      campaign: null,
      fromMs: Date.parse('2025-12-31T16:00:00Z'),
    });
  });
});

describe("the verify command's fast hashing keeps shared/merkle's tree", () => {
  it('leaf hashes, donor commitments, tree heads and proofs are the same', () => {
    const leaves: Hash[] = [];
    for (let n = 0; n <= 70; n++) {
      const tree = new TreeLevels(1);
      for (const h of leaves) tree.push(h);
      tree.build();
      expect(toBase64(tree.rootAt(n))).toBe(toBase64(rootOf(leaves)));
      for (let k = 0; k < n; k += 7) {
        expect(toBase64(tree.rootAt(k))).toBe(toBase64(rootOf(leaves.slice(0, k))));
        expect(new Uint8Array(tree.subtrees(k, n))).toEqual(rootOf(leaves.slice(k, n)));
      }
      const text = `leaf ${n} 心愿`;
      expect(new Uint8Array(fastLeafHash(text))).toEqual(leafHash(new TextEncoder().encode(text)));
      leaves.push(leafHash(new TextEncoder().encode(text)));
    }
    expect(fastDonorCommitment('00ff'.repeat(8), '张三丰')).toBe(donorCommitment('00ff'.repeat(8), '张三丰'));
    expect(fastDonorCommitment('00ff'.repeat(8), '')).toBe(donorCommitment('00ff'.repeat(8), ''));
  });
});
