import { ACCOUNTS, accountKindOf, DONOR_DISPLAYS, type DonorDisplay } from '../../../shared/ledger';
import { LEDGER_AMOUNT_MAX_FEN, type LedgerTx } from '../../../shared/schemas/ledger';
import type { YuanLimits } from '../../caseworker/lib/yuan';

// How the books read on the finance pages: labels, amounts, what can still be done to an entry.

/** An amount typed in 元 on these pages: one entry is at most ¥1,000,000 (the server's ceiling). */
export const LEDGER_AMOUNT: YuanLimits = {
  name: '金额',
  maxFen: LEDGER_AMOUNT_MAX_FEN,
  tooMuch: `单笔金额最多 ${(LEDGER_AMOUNT_MAX_FEN / 1_000_000).toString()} 万元`,
};

export const CHANNEL_LABELS: Record<NonNullable<LedgerTx['donation']>['channel'], string> = {
  bank: '银行转账',
  cash: '现金',
  wechat: '微信支付',
  inkind: '实物',
};

/** Where money arrives or is paid from, as the forms offer it. */
export const MONEY_CHOICES = [
  { value: 'bank', label: '银行' },
  { value: 'cash', label: '现金' },
] as const;

export const DONOR_DISPLAY_LABELS: Record<DonorDisplay, string> = {
  named: '实名',
  masked: '隐去名字',
  anonymous: '匿名',
};
export const DONOR_DISPLAY_CHOICES = DONOR_DISPLAYS.map((value) => ({
  value,
  label: DONOR_DISPLAY_LABELS[value],
}));

/** The account's name in the chart (银行存款, 限定性资金（活动）· 冬日暖心…). */
export function accountLabel(account: string, campaign: LedgerTx['campaign']): string {
  const kind = accountKindOf(account);
  if (!kind) return account;
  if (kind === 'restricted_fund' && campaign) return `${ACCOUNTS.restricted_fund.label} · ${campaign.title}`;
  return ACCOUNTS[kind].label;
}

/** The size of an entry: every posting of one entry moves the same amount one way or the other. */
export function txAmountFen(tx: Pick<LedgerTx, 'postings'>): number {
  return tx.postings.reduce((max, p) => Math.max(max, Math.abs(p.amountFen)), 0);
}

const MONEY = new Set(['bank', 'cash', 'wechat_clearing']);

/** Did money come in, go out, or is this goods (in kind)? From the postings to money accounts. */
export function moneyDirection(tx: Pick<LedgerTx, 'postings'>): 'in' | 'out' | 'goods' {
  const net = tx.postings.filter((p) => MONEY.has(p.account)).reduce((s, p) => s + p.amountFen, 0);
  if (net > 0) return 'in';
  if (net < 0) return 'out';
  return 'goods';
}

/** Which fund an entry concerns: a campaign's, the unrestricted one, or goods. */
export function fundText(tx: Pick<LedgerTx, 'campaign' | 'postings'>): string {
  if (tx.campaign) return tx.campaign.title;
  return moneyDirection(tx) === 'goods' ? '实物' : '非限定性资金';
}

/** What a donation can still give back: its amount less refunds so far (0 once reversed). */
export function refundableFen(tx: LedgerTx): number {
  if (tx.kind !== 'cash_donation' || tx.reversedBy) return 0;
  return Math.max(0, txAmountFen(tx) - tx.refundedFen);
}

/** A donation paid online (WeChat Pay): its money goes back the way it came, through WeChat Pay. */
export function paidOnline(tx: Pick<LedgerTx, 'donation'>): boolean {
  return tx.donation?.channel === 'wechat';
}

/**
 * The corrections finance may make to an entry now; the server decides in the end. 退款 is for
 * bank and cash donations (a donation paid online: `canRefundOnline`).
 */
export function txActions(tx: LedgerTx): { reverse: boolean; refund: boolean; revalue: boolean } {
  const standing = tx.kind !== 'reversal' && tx.reversedBy === null;
  return {
    reverse: standing,
    refund: standing && refundableFen(tx) > 0 && !paidOnline(tx),
    revalue: standing && tx.kind === 'inkind_donation',
  };
}

/** 原路退款（微信支付）: a standing online donation with money left to give back. */
export function canRefundOnline(tx: LedgerTx): boolean {
  return tx.kind !== 'reversal' && tx.reversedBy === null && paidOnline(tx) && refundableFen(tx) > 0;
}

/** Small badges beside an entry: 已冲正, 已全额退款 / 部分退款. */
export function txBadges(tx: LedgerTx): { text: string; tone: 'muted' | 'warn' }[] {
  const badges: { text: string; tone: 'muted' | 'warn' }[] = [];
  if (tx.reversedBy) badges.push({ text: '已冲正', tone: 'muted' });
  if (tx.kind === 'cash_donation' && tx.refundedFen > 0) {
    badges.push({ text: tx.refundedFen >= txAmountFen(tx) ? '已全额退款' : '部分退款', tone: 'warn' });
  }
  return badges;
}
