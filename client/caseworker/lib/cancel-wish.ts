import Taro from '@tarojs/taro';
import type { WishStatus } from '../../../shared/constants';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import { nextWishStatus } from '../../../shared/wish-lifecycle';
import { errorMessage } from '../../api/http';
import { cancelWish } from '../../api/staff-wishes';

// The H5 dialog shows about three lines: keep these short.
const CANCEL_NOTE: Partial<Record<WishStatus, string>> = {
  published: '撤销后，心愿会马上从爱心人士的列表下架，不能恢复。',
  in_review: '撤销后，督导不再审核它，不能恢复。',
};

export const canCancel = (wish: Pick<StaffWish, 'status'>) => nextWishStatus(wish.status, 'cancel') !== null;

/** Asks first (it cannot be undone), then cancels; true when the wish was cancelled. */
export async function confirmAndCancel(wish: StaffWish): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title: `撤销“${wish.title}”？`,
    content: CANCEL_NOTE[wish.status] ?? '撤销后不能恢复，需要时可以重新写一个。',
    confirmText: '确认撤销',
    confirmColor: '#c92a2a',
  });
  if (!confirm) return false;
  try {
    await cancelWish(wish.id);
    void Taro.showToast({ title: '已撤销', icon: 'none' });
    return true;
  } catch (e) {
    void Taro.showToast({ title: errorMessage(e, '撤销没有成功，请稍后重试'), icon: 'none' });
    return false;
  }
}
