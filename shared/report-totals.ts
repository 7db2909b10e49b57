import { fundBalances, LEDGER_TX_KINDS, type Fund, type LedgerTxKind, type LedgerUnit } from './ledger';
import type { LedgerLeaf } from './ledger-leaf';

/**
 * A report's totals from the ledger's public leaves alone, so the server, the verify command and
 * the browser compute the same numbers: anyone holding the leaves up to a report's checkpoint can
 * recompute what it states. Pure functions.
 */

/** Which leaves a report covers: one organization's, in [fromMs, toMs) (null: unbounded), one campaign's. */
export interface ReportScope {
  /** The organization's public id (`leaf.org`). */
  org: string;
  campaign: string | null;
  fromMs: number | null;
  toMs: number | null;
}

export interface LeafTotals {
  cashDonationsFen: number;
  refundsFen: number;
  netDonationsFen: number;
  inKindFen: number;
  purchasesFen: number;
  donationCount: number;
}

export interface CategoryTotals {
  kind: LedgerTxKind;
  count: number;
  /** Money moved (for a reversal: the money it undid), always ≥ 0. */
  amountFen: number;
  /** Goods at value (for a reversal: the value it undid), always ≥ 0. */
  inKindFen: number;
}

export interface CampaignTotals {
  campaign: string | null;
  cashDonationsFen: number;
  refundsFen: number;
  inKindFen: number;
  purchasesFen: number;
}

export interface FundBalance {
  /** `general`, or the campaign's public id. */
  fund: string;
  openingFen: number;
  closingFen: number;
}

export interface ReportLeafTotals {
  totals: LeafTotals;
  byCategory: CategoryTotals[];
  byCampaign: CampaignTotals[];
  balances: FundBalance[];
}

const MONEY = new Set(['bank', 'cash', 'wechat_clearing']);

function sumOf(leaf: LedgerLeaf, test: (account: string) => boolean): number {
  return leaf.postings.reduce((s, [account, , fen]) => (test(account) ? s + fen : s), 0);
}

/**
 * What a leaf moved, read as a transaction of `kind`: a donation's money in, a refund's money out,
 * a purchase's expense, a gift's value. A reversal read as the kind it undoes comes out negative.
 */
export function leafAmount(leaf: LedgerLeaf, kind: LedgerTxKind): { unit: LedgerUnit; fen: number } {
  switch (kind) {
    case 'cash_donation':
      return { unit: 'CNY', fen: sumOf(leaf, (a) => MONEY.has(a)) };
    case 'refund':
      return { unit: 'CNY', fen: -sumOf(leaf, (a) => MONEY.has(a)) };
    case 'purchase':
      return { unit: 'CNY', fen: sumOf(leaf, (a) => a === 'program_expense') };
    case 'inkind_donation':
      return { unit: 'INKIND', fen: sumOf(leaf, (a) => a === 'inkind_handed_over') };
    case 'reversal':
      return { unit: 'CNY', fen: 0 };
  }
}

/** Whether a leaf is one the report covers. */
export function inScope(leaf: LedgerLeaf, scope: ReportScope): boolean {
  return (
    leaf.org === scope.org &&
    (scope.campaign === null || leaf.campaign === scope.campaign) &&
    (scope.fromMs === null || leaf.effectiveAt >= scope.fromMs) &&
    (scope.toMs === null || leaf.effectiveAt < scope.toMs)
  );
}

const fundKey = (fund: Fund): string => (fund === 'general' ? 'general' : fund.slice('campaign:'.length));

function balancesOf(leaves: readonly LedgerLeaf[]): Map<string, number> {
  const accounts = new Map<string, number>();
  for (const leaf of leaves)
    for (const [account, unit, fen] of leaf.postings)
      if (unit === 'CNY') accounts.set(account, (accounts.get(account) ?? 0) + fen);
  return new Map([...fundBalances(accounts)].map(([fund, fen]) => [fundKey(fund), fen]));
}

/**
 * Totals, per kind and per campaign, and each fund's balance before and after the period, from
 * `leaves`: the log's leaves [0, checkpoint size), in any order (other organizations' are skipped).
 * A reversal counts against the kind it undoes, in the period it was entered.
 */
export function reportLeafTotals(leaves: readonly LedgerLeaf[], scope: ReportScope): ReportLeafTotals {
  const own = leaves.filter(
    (l) => l.org === scope.org && (scope.campaign === null || l.campaign === scope.campaign),
  );
  const kindOf = new Map(own.map((l) => [l.tx, l.kind]));
  const covered = own.filter((l) => inScope(l, scope));

  const net = { cash_donation: 0, refund: 0, inkind_donation: 0, purchase: 0, reversal: 0 };
  const categories = new Map(
    LEDGER_TX_KINDS.map((kind) => [kind, { kind, count: 0, amountFen: 0, inKindFen: 0 }]),
  );
  const campaigns = new Map<string | null, CampaignTotals>();
  let donationCount = 0;
  for (const leaf of covered) {
    const kind = leaf.kind === 'reversal' ? (kindOf.get(leaf.reverses ?? '') ?? 'reversal') : leaf.kind;
    const { unit, fen } = leafAmount(leaf, kind);
    net[kind] += fen;
    const category = categories.get(leaf.kind) as CategoryTotals;
    category.count += 1;
    if (unit === 'CNY') category.amountFen += Math.abs(fen);
    else category.inKindFen += Math.abs(fen);
    if (leaf.kind === 'cash_donation' || leaf.kind === 'inkind_donation') donationCount += 1;
    const c = campaigns.get(leaf.campaign) ?? {
      campaign: leaf.campaign,
      cashDonationsFen: 0,
      refundsFen: 0,
      inKindFen: 0,
      purchasesFen: 0,
    };
    if (kind === 'cash_donation') c.cashDonationsFen += fen;
    if (kind === 'refund') c.refundsFen += fen;
    if (kind === 'inkind_donation') c.inKindFen += fen;
    if (kind === 'purchase') c.purchasesFen += fen;
    campaigns.set(leaf.campaign, c);
  }

  const opening = balancesOf(own.filter((l) => scope.fromMs !== null && l.effectiveAt < scope.fromMs));
  const closing = balancesOf(own.filter((l) => scope.toMs === null || l.effectiveAt < scope.toMs));
  const funds = [...new Set([...opening.keys(), ...closing.keys()])]
    .filter((f) => scope.campaign === null || f === scope.campaign)
    .sort((a, b) => (a === 'general' ? -1 : b === 'general' ? 1 : a < b ? -1 : a > b ? 1 : 0));

  return {
    totals: {
      cashDonationsFen: net.cash_donation,
      refundsFen: net.refund,
      netDonationsFen: net.cash_donation - net.refund,
      inKindFen: net.inkind_donation,
      purchasesFen: net.purchase,
      donationCount,
    },
    byCategory: [...categories.values()],
    byCampaign: [...campaigns.values()].sort((a, b) =>
      a.campaign === b.campaign
        ? 0
        : a.campaign === null
          ? -1
          : b.campaign === null
            ? 1
            : a.campaign < b.campaign
              ? -1
              : 1,
    ),
    balances: funds.map((fund) => ({
      fund,
      openingFen: opening.get(fund) ?? 0,
      closingFen: closing.get(fund) ?? 0,
    })),
  };
}
