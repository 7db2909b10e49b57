import * as z from 'zod/mini';
import { privacyFindingsDetailSchema } from '../../../shared/schemas/staff-wishes';
import { ApiError, errorMessage } from '../../api/http';

/**
 * What a refused decision means for the reviewer: `gone` — someone else decided already, or the
 * wish is no longer there (go back to the queue); `stay` — read the message here.
 */
export type Refusal =
  { kind: 'gone'; title: string; message: string } | { kind: 'stay'; message: string; lines: string[] };

export function reviewRefusal(e: unknown): Refusal {
  if (!(e instanceof ApiError))
    return { kind: 'stay', message: errorMessage(e, '操作没有成功，请稍后重试'), lines: [] };
  switch (e.code) {
    case 'WISH_TRANSITION_REFUSED':
      return {
        kind: 'gone',
        title: '这个心愿已经处理过了',
        message: '可能另一位审核员刚刚通过或退回了它。回到列表看看最新的情况。',
      };
    case 'WISH_NOT_FOUND':
      return { kind: 'gone', title: '找不到这个心愿了', message: '它可能已被撤回。回到列表看看最新的情况。' };
    case 'CONSENT_REQUIRED':
      return {
        kind: 'stay',
        message: `${e.message}。可以先退回修改，请社工登记监护人同意后再提交。`,
        lines: [],
      };
    case 'FORBIDDEN':
    case 'NOT_A_MEMBER':
    case 'NO_CURRENT_ORG':
      return {
        kind: 'stay',
        message: '你没有审核这个心愿的权限：只有负责这个地区的儿童督导员（审核员）可以审核。',
        lines: [],
      };
    case 'PRIVACY_FINDINGS': {
      const findings = z.safeParse(privacyFindingsDetailSchema, e.details);
      return {
        kind: 'stay',
        message: `${e.message}。请退回修改，并在原因里写明：`,
        lines: findings.success ? findings.data.map((f) => `“${f.text}”：${f.message}`) : [],
      };
    }
    default:
      return { kind: 'stay', message: e.message, lines: [] };
  }
}
