import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Receipt } from '../../shared/schemas/ledger';
import { ReceiptView } from '../../client/public/receipt';
import { PENDING_TEXT, receiptOutcome } from '../../client/public/lib/verify-receipt';
import { makeLog, NAME, SALT } from '../support/signed-log';

// The receipt's 核验 as a donor sees it: a small real log (canonical leaves, an RFC 9162 tree, a
// checkpoint signed with Ed25519), checked by the one verifier, shown as ✓/✗ lines in plain words.

const api = vi.hoisted(() => ({
  getLatestCheckpoint: vi.fn(),
  getInclusionProof: vi.fn(),
  getCheckpoint: vi.fn(),
  getConsistencyProof: vi.fn(),
  getLedgerLeaves: vi.fn(),
}));
vi.mock('../../client/api/ledger-log', () => api);

function receiptFor(leaf: string, patch: Partial<Receipt> = {}): Receipt {
  return {
    receiptId: 'RcptRcptRcptRcp1',
    receiptNo: 'R-2',
    kind: 'cash_donation',
    channel: 'bank',
    unit: 'CNY',
    amountFen: 5002,
    effectiveAt: '2026-11-14T02:00:00.000Z',
    organization: '云溪县民政局儿童福利股',
    campaign: null,
    wish: null,
    donorName: NAME,
    publicName: '王*',
    salt: SALT,
    leafIndex: 2,
    leaf,
    refundedFen: 0,
    reversed: false,
    ...patch,
  };
}

const states = (o: { lines: { state: string }[] }) => o.lines.map((l) => l.state);

describe('receipt verification (what each line says)', () => {
  const log = makeLog(5);
  const receipt = receiptFor(log.texts[2]!);

  it('all four checks pass: signed snapshot, the receipt matches its leaf, the donor, the inclusion', () => {
    const o = receiptOutcome(receipt, log.checkpoint, log.proofOf(2));
    expect(o.status).toBe('ok');
    expect(states(o)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(o.summary).toBe('核验通过：这笔捐赠已写入公开账本第 3 条，账本没有被改写过。');
    expect(o.lines[0]!.text).toContain('共 5 条');
  });

  it('a leaf changed in one character fails the inclusion (the hash no longer fits the signed root)', () => {
    const changed = log.texts[2]!.replace('"tx":"Tx', '"tx":"Ty');
    const o = receiptOutcome(receiptFor(changed), log.checkpoint, log.proofOf(2));
    expect(o.status).toBe('failed');
    expect(states(o)).toEqual(['ok', 'ok', 'ok', 'failed']);
    expect(o.lines[3]!.text).toBe('账本快照里找不到这条记录：第 3 条可能被改动过。');
  });

  it('a receipt whose amount is not its leaf’s fails on the receipt line, and stops there', () => {
    const o = receiptOutcome({ ...receipt, amountFen: 50020 }, log.checkpoint, log.proofOf(2));
    expect(states(o)).toEqual(['ok', 'failed', 'skipped', 'skipped']);
    expect(o.summary).toBe('核验没有通过：收据上的金额与账本记录不符。');
    expect(o.lines[2]!.text).toMatch(/（未检查）$/);
  });

  it('another name than the one committed to fails the donor line', () => {
    const o = receiptOutcome({ ...receipt, donorName: '王芬' }, log.checkpoint, log.proofOf(2));
    expect(states(o)).toEqual(['ok', 'ok', 'failed', 'skipped']);
    expect(o.lines[2]!.text).toContain('可能不是您的捐赠');
  });

  it('a snapshot signed by another key fails the first line', () => {
    const forged = makeLog(5, new Uint8Array(32).fill(9));
    const o = receiptOutcome(receipt, { ...forged.checkpoint, vkey: log.checkpoint.vkey }, forged.proofOf(2));
    expect(states(o)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
    expect(o.summary).toContain('可能是伪造的');
  });

  it('a proof for another leaf fails the inclusion', () => {
    const o = receiptOutcome(receipt, log.checkpoint, { ...log.proofOf(3), index: 2 });
    expect(states(o)).toEqual(['ok', 'ok', 'ok', 'failed']);
  });

  it('a receipt newer than the latest snapshot waits for the next one instead of failing', () => {
    const small = makeLog(2);
    const o = receiptOutcome(receipt, small.checkpoint, null);
    expect(o.status).toBe('pending');
    expect(o.summary).toBe(PENDING_TEXT);
    expect(states(o)).toEqual(['ok', 'ok', 'ok', 'skipped']);
    expect(o.lines[3]!.text).toBe(
      '这笔捐赠是账本第 3 条，已签名的快照目前只到第 2 条；下一次快照（每日）后即可核对。',
    );
  });
});

describe('receipt page', () => {
  const log = makeLog(5);
  beforeEach(() => {
    for (const f of Object.values(api)) f.mockReset();
  });

  it('shows the receipt, and after 核验 a ✓ for every line', async () => {
    api.getLatestCheckpoint.mockResolvedValue(log.checkpoint);
    api.getInclusionProof.mockResolvedValue(log.proofOf(2));
    render(<ReceiptView receipt={receiptFor(log.texts[2]!)} />);
    expect(screen.getByTestId('receipt-amount').textContent).toBe('¥50.02');
    expect(screen.getByTestId('receipt-public-name').textContent).toBe('王*');
    expect(screen.getByTestId('receipt-leaf').textContent).toBe('第 3 条');
    fireEvent.click(screen.getByTestId('verify-receipt'));
    await waitFor(() => expect(screen.getByTestId('check-result').getAttribute('data-status')).toBe('ok'));
    expect(api.getInclusionProof).toHaveBeenCalledWith(2, 5);
    expect(screen.getAllByTestId('check-line').map((l) => l.textContent?.slice(0, 1))).toEqual([
      '✓',
      '✓',
      '✓',
      '✓',
    ]);
  });

  it('does not ask for a proof the snapshot cannot give: a new receipt is pending', async () => {
    api.getLatestCheckpoint.mockResolvedValue(makeLog(2).checkpoint);
    render(<ReceiptView receipt={receiptFor(log.texts[2]!)} />);
    fireEvent.click(screen.getByTestId('verify-receipt'));
    await waitFor(() => expect(screen.getByTestId('check-summary').textContent).toBe(PENDING_TEXT));
    expect(api.getInclusionProof).not.toHaveBeenCalled();
  });

  it('a network failure is not a ✗: it says nothing was checked, and the button stays', async () => {
    api.getLatestCheckpoint.mockRejectedValue(new Error('offline'));
    render(<ReceiptView receipt={receiptFor(log.texts[2]!)} />);
    fireEvent.click(screen.getByTestId('verify-receipt'));
    await waitFor(() => expect(screen.getByTestId('check-error').textContent).toContain('还没有核验'));
    expect(screen.queryByTestId('check-result')).toBeNull();
    expect(screen.getByTestId('verify-receipt').textContent).toBe('再核验一次');
  });

  it('a reversed receipt says so and crosses out its amount', () => {
    render(<ReceiptView receipt={receiptFor(log.texts[2]!, { reversed: true })} />);
    expect(screen.getByTestId('receipt-state').textContent).toContain('已冲正');
  });
});
