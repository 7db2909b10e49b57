import { chinaDateTimeText } from '../../../shared/china-date';
import { timeLeft, timeLeftText } from '../../../shared/claim-deadline';
import {
  OVERDUE_CLAIM_STAGES,
  RECEIVED_CONDITION_LABELS,
  SHIPPING_MODE_LABELS,
  type ClaimStage,
} from '../../../shared/constants';
import type { Claim, TimelineEntry } from '../../../shared/schemas/claims';

/** The deadline still matters: nothing is on its way yet, and the claim is released when it passes. */
export function deadlineRuns(stage: ClaimStage): boolean {
  return (OVERDUE_CLAIM_STAGES as readonly ClaimStage[]).includes(stage);
}

/** `剩 1 天 23 小时` and whether to show it in red; null once the deadline no longer matters. */
export function countdown(claim: Pick<Claim, 'stage' | 'deadlineAt'>, now: number) {
  if (!deadlineRuns(claim.stage)) return null;
  const left = timeLeft(Date.parse(claim.deadlineAt), now);
  return { text: timeLeftText(left), pressing: left.pressing, overdue: left.overdue };
}

/** Where the claim stands, in one line for the donor: what happens next and who does it. */
export const STAGE_HINTS: Record<ClaimStage, string> = {
  claimed: '买好礼物后，寄到或送到转交点',
  purchased: '礼物已买好，请寄出或送到转交点',
  shipped: '礼物在路上，等转交点签收',
  problem: '转交点签收时发现问题，请看下面的说明',
  received: '转交点已签收，社工会尽快交给孩子',
  handed_over: '礼物已交到孩子手中，请确认完成',
  thanked: '孩子写了感谢的话给你',
  confirmed: '这次认领已完成，谢谢你',
  withdrawn: '你已退出认领，心愿回到了心愿池',
  overdue: '超过期限没有寄出，心愿回到了心愿池',
};

/** Shares paid for online: the organization buys the gift with the money, nothing to send. */
export const PAID_ONLINE_HINT = '你已在线出资，机构会用这笔钱买好礼物，由社工交给孩子';

/** `11月25日 14:05` in China time (with the year when it is not this year). */
export function when(iso: string, now: number): string {
  return chinaDateTimeText(Date.parse(iso), now);
}

const ACTORS: Record<TimelineEntry['by'], string> = { donor: '你', staff: '转交点社工', system: '系统' };

/** Who took a step, as the donor reads it. */
export function actorLabel(entry: TimelineEntry): string {
  return ACTORS[entry.by];
}

/** The facts of one step, one line each (the note, the thank-you text and photos are shown apart). */
export function entryFacts(entry: TimelineEntry, split = false): string[] {
  const facts: string[] = [];
  if (split && entry.kind === 'claimed' && entry.shares) facts.push(`认领 ${entry.shares} 份`);
  if (entry.shippingMode) {
    const parts: string[] = [SHIPPING_MODE_LABELS[entry.shippingMode]];
    if (entry.carrier) parts.push(entry.carrier);
    if (entry.trackingNumber) parts.push(`单号 ${entry.trackingNumber}`);
    facts.push(parts.join(' · '));
  }
  if (entry.quantity !== null) facts.push(`收到 ${entry.quantity} 件`);
  if (entry.condition) facts.push(`物品状况：${RECEIVED_CONDITION_LABELS[entry.condition]}`);
  return facts;
}
