/** The public receipt page (no login): the donor's link to their receipt and its proof. */
export const receiptPath = (receiptId: string) => `/public/receipt/index?id=${receiptId}`;

/**
 * The link finance sends the donor: on H5 a full web address (the app routes by hash), in the
 * mini-program the page's path (shared as a mini-program page).
 */
export function receiptLink(receiptId: string): string {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    return `${window.location.origin}/#${receiptPath(receiptId)}`;
  }
  return receiptPath(receiptId);
}
