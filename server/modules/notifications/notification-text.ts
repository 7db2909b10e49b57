import type { NotificationKind, ShippingMode } from '../../../shared/constants';
import { chinaDateTimeText } from '../../../shared/china-date';

/**
 * What a message may mention: the wish's public title (or the campaign's, for a money gift), the
 * gift's logistics, a donation's amount and receipt number — never the child.
 */
export interface NotificationVars {
  wishTitle: string;
  /** A money donation or refund, e.g. `¥50.00` (written by integer arithmetic). */
  amountText?: string;
  receiptNo?: string;
  deadlineAt?: number;
  siteName?: string;
  shippingMode?: ShippingMode;
  carrier?: string | null;
  note?: string | null;
}

/** The inbox text of each kind of message. */
export function notificationText(
  kind: NotificationKind,
  v: NotificationVars,
): { title: string; body: string } {
  const wish = `「${v.wishTitle}」`;
  const deadline = v.deadlineAt === undefined ? '' : chinaDateTimeText(v.deadlineAt);
  switch (kind) {
    case 'claim_confirmed':
      return {
        title: '认领成功',
        body: `你认领了${wish}，请在 ${deadline} 前把礼物寄到或送到${v.siteName ?? '转交点'}。`,
      };
    case 'deadline_24h':
      return {
        title: '认领还剩不到 24 小时',
        body: `${wish}的认领将在 ${deadline} 到期，请尽快寄出或送达。`,
      };
    case 'deadline_2h':
      return {
        title: '认领还剩不到 2 小时',
        body: `${wish}的认领将在 ${deadline} 到期，来不及的话可以退出认领，让其他人接力。`,
      };
    case 'claim_released':
      return {
        title: '认领已超时释放',
        body: `${wish}的认领已超过期限，心愿已回到心愿池，等待新的爱心人士。`,
      };
    case 'claim_withdrawn':
      return { title: '爱心人士退出了认领', body: `${wish}的一份认领已退出，心愿已回到心愿池。` };
    case 'item_shipped':
      return {
        title: '礼物在路上了',
        body:
          v.shippingMode === 'in_person'
            ? `${wish}的礼物将由爱心人士亲自送到，请留意签收。`
            : `${wish}的礼物已通过${v.carrier ?? '快递'}寄出，请留意签收。`,
      };
    case 'item_received':
      return { title: '礼物已签收', body: `转交点已收到你为${wish}准备的礼物，谢谢你！` };
    case 'item_problem':
      return { title: '签收时发现问题', body: `${wish}的礼物签收时发现问题：${v.note ?? '请查看详情'}` };
    case 'handed_over':
      return { title: '礼物已经交到孩子手中', body: `${wish}的礼物已转交，来看看转交时的照片吧。` };
    case 'thank_you':
      return { title: '收到一封感谢信', body: `${wish}的孩子写了感谢的话给你。` };
    case 'donation_received':
      return {
        title: '捐赠已到账',
        body: `你为${wish}的捐款 ${v.amountText ?? ''} 已到账，收据编号 ${v.receiptNo ?? ''}，可以在“我的捐赠收据”里查看和核验。`,
      };
    case 'donation_refunded':
      return {
        title: '捐款已退回',
        body: `你为${wish}的捐款已退回 ${v.amountText ?? ''}，将原路退回到你的微信支付账户。`,
      };
  }
}
