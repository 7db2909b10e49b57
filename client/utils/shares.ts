/** '共 5 份 · 剩 3 份' (a wish split among several donors). */
export function sharesLabel(shares: number, sharesLeft: number): string {
  return `共 ${shares} 份 · ${sharesLeft > 0 ? `剩 ${sharesLeft} 份` : '已全部认领'}`;
}

/**
 * One share of a split wish. The server accepts only splits into whole fen; rounding up keeps
 * an older, uneven wish's shares covering the whole.
 */
export function shareFen(valueFen: number, shares: number): number {
  return Math.ceil(valueFen / Math.max(1, shares));
}
