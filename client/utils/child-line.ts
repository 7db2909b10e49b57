import { GENDER_LABELS } from '../../shared/constants';
import { formatPublicAge } from '../../shared/public-age';
import type { PublicWishCard } from '../../shared/schemas/wishes';

/** Who a wish is for, as the public may know it: '小棋 · 9岁 · 女 · 石桥镇' (or an age band). */
export function childLine(wish: Pick<PublicWishCard, 'pseudonym' | 'age' | 'gender' | 'town'>): string {
  return `${wish.pseudonym} · ${formatPublicAge(wish.age)} · ${GENDER_LABELS[wish.gender]} · ${wish.town}`;
}
