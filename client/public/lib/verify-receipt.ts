import type { PublicCheckpoint, InclusionProof } from '../../../shared/schemas/ledger-log';
import type { Receipt } from '../../../shared/schemas/ledger';
import { checkLeafText, verifyReceipt, type VerifyFailure } from '../../../shared/ledger-verify';
import { leafAmount } from '../../../shared/report-totals';
import { linesUpTo, type Outcome } from './checks';

export const PENDING_TEXT = '收据已记账，将在下一次账本快照（每日）后可核验';

/** What on the receipt must agree with its leaf: the receipt number, position, kind and amount. */
export function receiptMismatch(receipt: Receipt): string | null {
  const checked = checkLeafText(receipt.leaf);
  if (!checked.ok) return null; // the verifier names a malformed leaf itself
  const { leaf } = checked;
  if (leaf.index !== receipt.leafIndex)
    return `收据写的是第 ${receipt.leafIndex + 1} 条，账本记录却是第 ${leaf.index + 1} 条`;
  if (leaf.receipt !== receipt.receiptNo) return '收据上的票据号与账本记录不符';
  if (leaf.kind !== receipt.kind) return '收据上的捐赠类型与账本记录不符';
  const { unit, fen } = leafAmount(leaf, leaf.kind);
  if (unit !== receipt.unit || fen !== receipt.amountFen) return '收据上的金额与账本记录不符';
  return null;
}

/**
 * A receipt checked in the browser against the latest signed checkpoint, as lines a donor
 * understands. `proof` is null when the receipt is newer than the checkpoint (not asked for).
 */
export function receiptOutcome(
  receipt: Receipt,
  checkpoint: PublicCheckpoint,
  proof: InclusionProof | null,
): Outcome {
  const n = receipt.leafIndex + 1;
  const steps = [
    {
      key: 'signature',
      ok: `账本快照（共 ${checkpoint.size} 条）带有机构的数字签名，内容没有被改动。`,
      failed: '账本快照的签名对不上机构公布的公钥：这份快照可能是伪造的。',
    },
    {
      key: 'leaf',
      ok: '收据上的票据号和金额与账本记录一致。',
      failed: '收据与公开账本里的记录对不上：',
    },
    {
      key: 'donor',
      ok: '账本只存了捐赠人的“暗码”，它与这张收据上的捐赠人相符，别人看不到您的名字。',
      failed: '账本里的捐赠人暗码与这张收据对不上：这条记录可能不是您的捐赠。',
    },
    {
      key: 'inclusion',
      ok: `这笔捐赠已写入公开账本第 ${n} 条，账本没有被改写过。`,
      failed: `账本快照里找不到这条记录：第 ${n} 条可能被改动过。`,
    },
  ];
  const stepOf: Record<VerifyFailure, string> = {
    KEY_INVALID: 'signature',
    SIGNATURE_INVALID: 'signature',
    LEAF_INVALID: 'leaf',
    LEAF_UNBALANCED: 'leaf',
    DONOR_MISMATCH: 'donor',
    NOT_YET_PUBLISHED: 'inclusion',
    PROOF_INVALID: 'inclusion',
    CONSISTENCY_INVALID: 'inclusion',
    LEAVES_MISMATCH: 'inclusion',
    RULE_BROKEN: 'leaf',
  };

  const verdict = verifyReceipt({
    leaf: receipt.leaf,
    checkpoint: checkpoint.note,
    vkey: checkpoint.vkey,
    proof: proof ?? { index: receipt.leafIndex, size: checkpoint.size, proof: [] },
    donor: { salt: receipt.salt, name: receipt.donorName },
  });
  // The server's own words on the receipt must match the leaf it hands out with them.
  const mismatch = verdict.ok || stepOf[verdict.code] !== 'signature' ? receiptMismatch(receipt) : null;

  if (!verdict.ok && verdict.code === 'NOT_YET_PUBLISHED' && !mismatch) {
    const lines = linesUpTo(steps, 'inclusion');
    lines[3] = {
      key: 'inclusion',
      state: 'skipped',
      text: `这笔捐赠是账本第 ${n} 条，已签名的快照目前只到第 ${checkpoint.size} 条；下一次快照（每日）后即可核对。`,
    };
    return { status: 'pending', summary: PENDING_TEXT, lines };
  }
  if (mismatch) {
    const lines = linesUpTo(steps, 'leaf');
    lines[1] = { ...lines[1]!, text: `${steps[1]!.failed}${mismatch}。` };
    return { status: 'failed', summary: `核验没有通过：${mismatch}。`, lines };
  }
  if (!verdict.ok) {
    const key = stepOf[verdict.code];
    const lines = linesUpTo(steps, key);
    const failedLine = lines.find((l) => l.state === 'failed')!;
    if (key === 'leaf') failedLine.text = `${steps[1]!.failed}${verdict.message}。`;
    return { status: 'failed', summary: `核验没有通过：${failedLine.text}`, lines };
  }
  return {
    status: 'ok',
    summary: `核验通过：这笔捐赠已写入公开账本第 ${n} 条，账本没有被改写过。`,
    lines: linesUpTo(steps, null),
  };
}

/** Fetches what the check needs from the public log (checkpoint, then the proof) and checks. */
export async function checkReceipt(
  receipt: Receipt,
  api: {
    getLatestCheckpoint: () => Promise<PublicCheckpoint>;
    getInclusionProof: (index: number, size: number) => Promise<InclusionProof>;
  },
): Promise<Outcome> {
  const checkpoint = await api.getLatestCheckpoint();
  const proof =
    receipt.leafIndex < checkpoint.size
      ? await api.getInclusionProof(receipt.leafIndex, checkpoint.size)
      : null;
  return receiptOutcome(receipt, checkpoint, proof);
}
