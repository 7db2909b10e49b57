import { TEXT_LIMITS } from '../../../../shared/constants';

/** Reasons reviewers give most often; a tap puts one into the box, where it can still be edited. */
export const QUICK_REASONS = [
  '含有可能识别孩子身份的信息',
  '描述不清楚，请补充',
  '金额与物品不符',
  '照片或故事未取得监护人同意',
  '不属于微心愿的范围',
] as const;

/**
 * The reason is one line (the server refuses line breaks): breaks become spaces, and a quick
 * pick is added after what is already written, unless it is there already.
 */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, TEXT_LIMITS.reason);
}

export function addReason(current: string, pick: string): string {
  const text = current.trim();
  if (text.includes(pick)) return current;
  return oneLine(text ? `${text.replace(/[；;。，,\s]+$/, '')}；${pick}` : pick);
}
