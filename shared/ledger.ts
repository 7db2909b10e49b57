/**
 * The donation ledger's rules, shared by the server, the verify command and the browser: the chart
 * of accounts (kept in code), what a balanced transaction is, how funds are derived from account
 * balances, and the canonical bytes of a transaction as a leaf of the Merkle log. Pure functions.
 */

/** What an account holds: money in fen, or goods valued in fen. Postings balance per unit. */
export const LEDGER_UNITS = ['CNY', 'INKIND'] as const;
export type LedgerUnit = (typeof LEDGER_UNITS)[number];

/**
 * Each organization's chart of accounts. Amounts are signed: a debit is positive, a credit
 * negative, so an asset's balance is positive and an income's or fund's is negative.
 * `restricted_fund` is one account per campaign (`restricted_fund:<campaign id>`).
 */
export const ACCOUNTS = {
  bank: { unit: 'CNY', label: '银行存款' },
  cash: { unit: 'CNY', label: '库存现金' },
  wechat_clearing: { unit: 'CNY', label: '微信支付待清算' },
  donation_income: { unit: 'CNY', label: '非限定性捐赠收入' },
  restricted_fund: { unit: 'CNY', label: '限定性资金（活动）' },
  program_expense: { unit: 'CNY', label: '项目支出' },
  fees: { unit: 'CNY', label: '手续费' },
  inkind_received: { unit: 'INKIND', label: '实物捐赠（接收）' },
  inkind_handed_over: { unit: 'INKIND', label: '实物捐赠（已转交）' },
} as const satisfies Record<string, { unit: LedgerUnit; label: string }>;
export type AccountKind = keyof typeof ACCOUNTS;
export const ACCOUNT_KINDS = Object.keys(ACCOUNTS) as AccountKind[];

/** Where money for a cash donation arrives or a purchase is paid from. */
export const MONEY_ACCOUNTS = ['bank', 'cash'] as const;
export type MoneyAccount = (typeof MONEY_ACCOUNTS)[number];

/** The kinds of ledger transaction. */
export const LEDGER_TX_KINDS = [
  'cash_donation',
  'inkind_donation',
  'purchase',
  'refund',
  'reversal',
] as const;
export type LedgerTxKind = (typeof LEDGER_TX_KINDS)[number];

export const LEDGER_TX_KIND_LABELS: Record<LedgerTxKind, string> = {
  cash_donation: '资金捐赠',
  inkind_donation: '实物捐赠',
  purchase: '为心愿采购',
  refund: '退款',
  reversal: '冲正',
};

/** How a donor appears in public reports: by name, masked (张*), or not at all. */
export const DONOR_DISPLAYS = ['named', 'masked', 'anonymous'] as const;
export type DonorDisplay = (typeof DONOR_DISPLAYS)[number];

/** The unrestricted fund, or a campaign's restricted fund (by the campaign's public id). */
export type Fund = 'general' | `campaign:${string}`;

export interface Posting {
  account: string;
  unit: LedgerUnit;
  /** Signed integer fen: debit > 0, credit < 0; never 0. */
  amountFen: number;
}

const RESTRICTED = 'restricted_fund:';

export function restrictedFundAccount(campaignId: string): string {
  return `${RESTRICTED}${campaignId}`;
}

/** The account kind of an account code (`restricted_fund:abc` → `restricted_fund`), or null. */
export function accountKindOf(account: string): AccountKind | null {
  if (account.startsWith(RESTRICTED)) return account.length > RESTRICTED.length ? 'restricted_fund' : null;
  return account in ACCOUNTS && account !== 'restricted_fund' ? (account as AccountKind) : null;
}

export function accountUnit(account: string): LedgerUnit | null {
  const kind = accountKindOf(account);
  return kind ? ACCOUNTS[kind].unit : null;
}

/** The fund an account's balance belongs to (money accounts and goods belong to none). */
export function fundOf(account: string): Fund | null {
  if (account.startsWith(RESTRICTED)) return `campaign:${account.slice(RESTRICTED.length)}`;
  return account === 'donation_income' || account === 'program_expense' || account === 'fees'
    ? 'general'
    : null;
}

/** Why a set of postings is not a valid transaction, or null when it is. */
export function postingsRefusal(postings: readonly Posting[]): string | null {
  if (postings.length < 2) return 'a transaction needs at least two postings';
  const sums = new Map<LedgerUnit, number>();
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0) {
      return `posting to ${p.account} is not a whole non-zero number of fen`;
    }
    if (accountUnit(p.account) !== p.unit) return `account ${p.account} does not hold ${p.unit}`;
    sums.set(p.unit, (sums.get(p.unit) ?? 0) + p.amountFen);
  }
  for (const [unit, sum] of sums) {
    if (sum !== 0) return `postings in ${unit} sum to ${sum}, not 0`;
  }
  return null;
}

/**
 * What each fund has left, from account balances (account → signed balance): a campaign's fund is
 * what was given to it less what was spent from it; the general fund is unrestricted income less
 * program spending and fees.
 */
export function fundBalances(balances: ReadonlyMap<string, number>): Map<Fund, number> {
  const funds = new Map<Fund, number>();
  for (const [account, balance] of balances) {
    const fund = fundOf(account);
    if (fund) funds.set(fund, (funds.get(fund) ?? 0) - balance);
  }
  return funds;
}

/** The postings that undo a transaction exactly. */
export function reversalPostings(postings: readonly Posting[]): Posting[] {
  return postings.map((p) => ({ ...p, amountFen: -p.amountFen }));
}

/** A donation into `fund`, arriving in `into` (bank, cash, WeChat Pay clearing). */
export function donationPostings(amountFen: number, fund: Fund, into: string): Posting[] {
  return [
    { account: into, unit: 'CNY', amountFen },
    { account: fundAccount(fund), unit: 'CNY', amountFen: -amountFen },
  ];
}

/** Money back to a donor: the donation's postings, for `amountFen`, the other way. */
export function refundPostings(amountFen: number, fund: Fund, from: string): Posting[] {
  return reversalPostings(donationPostings(amountFen, fund, from));
}

/**
 * A purchase for a wish paid from `from`, charged to `fund`: the program expense, and — for a
 * campaign's fund — the release of that much of the restriction into unrestricted income.
 */
export function purchasePostings(amountFen: number, fund: Fund, from: MoneyAccount): Posting[] {
  const spend: Posting[] = [
    { account: 'program_expense', unit: 'CNY', amountFen },
    { account: from, unit: 'CNY', amountFen: -amountFen },
  ];
  if (fund === 'general') return spend;
  return [
    ...spend,
    { account: fundAccount(fund), unit: 'CNY', amountFen },
    { account: 'donation_income', unit: 'CNY', amountFen: -amountFen },
  ];
}

/** A donor's gift in kind, handed over to the child: received and passed on at its value. */
export function inKindPostings(valueFen: number): Posting[] {
  return [
    { account: 'inkind_handed_over', unit: 'INKIND', amountFen: valueFen },
    { account: 'inkind_received', unit: 'INKIND', amountFen: -valueFen },
  ];
}

function fundAccount(fund: Fund): string {
  return fund === 'general' ? 'donation_income' : restrictedFundAccount(fund.slice('campaign:'.length));
}

/** How a donor's name appears in public: 张* when masked, 匿名 when anonymous. */
export function publicDonorName(name: string | null, display: DonorDisplay): string {
  const trimmed = name?.trim() ?? '';
  if (display === 'anonymous' || trimmed === '') return '匿名';
  if (display === 'named') return trimmed;
  return `${Array.from(trimmed)[0] as string}*`;
}
