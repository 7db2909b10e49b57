/**
 * Rules of online money donations, without I/O: what wish shares cost and how money is written
 * in a message. Amounts are integer fen throughout.
 */

/**
 * The price of shares [from, from + count) of a wish worth `valueFen` split into `totalShares`:
 * floor(v·(from+count)/n) − floor(v·from/n). Adjacent ranges meet exactly, so all the shares
 * together cost exactly the wish's value, and no share differs from another by more than 1 fen.
 * BigInt keeps v·k exact whatever the sizes.
 */
export function sharesPriceFen(valueFen: number, totalShares: number, from: number, count: number): number {
  if (
    !Number.isSafeInteger(valueFen) ||
    valueFen < 0 ||
    !Number.isSafeInteger(totalShares) ||
    totalShares < 1 ||
    !Number.isSafeInteger(from) ||
    !Number.isSafeInteger(count) ||
    from < 0 ||
    count < 0 ||
    from + count > totalShares
  ) {
    throw new RangeError(`no such shares: [${from}, ${from + count}) of ${totalShares}`);
  }
  const v = BigInt(valueFen);
  const n = BigInt(totalShares);
  return Number((v * BigInt(from + count)) / n - (v * BigInt(from)) / n);
}

/** `¥1,234.50` from integer fen, by integer arithmetic (never a float). */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${fen} is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
