import type { WishStatus } from './constants';

/**
 * The wish lifecycle as one table: for each event, the statuses it may start from and where it
 * leads. Anything not in the table is refused.
 *
 *   draft ─submit→ in_review ─approve→ published ─claim→ claimed ─deliver→ delivered ─confirm→ confirmed
 *     ↑              │ return               │ expire        │ release
 *   returned ←───────┘                      ↓               ↓
 *   (edit, resubmit)                     expired        published
 *   cancel: from draft, returned, in_review, published.
 */
export const WISH_TRANSITIONS = {
  submit: { from: ['draft', 'returned'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'published' },
  return: { from: ['in_review'], to: 'returned' },
  cancel: { from: ['draft', 'returned', 'in_review', 'published'], to: 'cancelled' },
  expire: { from: ['published'], to: 'expired' },
  claim: { from: ['published'], to: 'claimed' },
  release: { from: ['claimed'], to: 'published' },
  deliver: { from: ['claimed'], to: 'delivered' },
  confirm: { from: ['delivered'], to: 'confirmed' },
} as const satisfies Record<string, { from: readonly WishStatus[]; to: WishStatus }>;

export type WishEvent = keyof typeof WISH_TRANSITIONS;

/** Where `event` takes a wish in `status`, or null when that move is not allowed. */
export function nextWishStatus(status: WishStatus, event: WishEvent): WishStatus | null {
  const t = WISH_TRANSITIONS[event];
  return (t.from as readonly WishStatus[]).includes(status) ? t.to : null;
}

/** Only drafts and returned wishes may be edited: what a reviewer saw is what gets published. */
export function isWishEditable(status: WishStatus): boolean {
  return status === 'draft' || status === 'returned';
}
