import { callWithAccessToken, type WechatAccessTokenSource } from './access-token';
import { WECHAT_API_BASE_URL } from './code-to-session';

/**
 * WeChat subscription messages (`subscribeMessage.send`):
 * `POST {base}/cgi-bin/message/subscribe/send?access_token=TOKEN` with JSON
 * `{touser, template_id, page?, data: {keyword: {value}}, miniprogram_state, lang}`, answered (HTTP 200
 * either way) with `{errcode, errmsg}`.
 *
 * A user allows one message per tap of 允许 in `wx.requestSubscribeMessage` (one-time templates): when
 * the allowance is used up, or was never given, WeChat answers 43101 — the user's choice, not a fault.
 */

/** How WeChat answered a message it understood. Anything else is thrown as SubscribeMessageUnavailable. */
export type SubscribeSendOutcome =
  | { status: 'sent' }
  /** 43101: the user did not allow (or no longer allows) this template. */
  | { status: 'refused' }
  /** The message itself is wrong and will stay wrong: retrying cannot help. */
  | { status: 'rejected'; errcode: number; errmsg: string };

export interface SubscribeMessage {
  /** The recipient's openid for this mini-program. */
  touser: string;
  templateId: string;
  /** The mini-program page the card opens (`donor/claim/index?id=…`); none: the card opens nothing. */
  page: string | null;
  data: Record<string, { value: string }>;
}

export interface SubscribeMessageSender {
  send(message: SubscribeMessage): Promise<SubscribeSendOutcome>;
}

/** WeChat could not take the message now (network, HTTP, token, busy): worth trying again later. */
export class SubscribeMessageUnavailable extends Error {
  readonly errcode: number | undefined;

  constructor(message: string, errcode?: number) {
    super(message);
    this.name = 'SubscribeMessageUnavailable';
    this.errcode = errcode;
  }
}

/** Which version of the mini-program the card opens: developer, trial (体验版) or formal (正式版). */
export type MiniprogramState = 'developer' | 'trial' | 'formal';

const DEFAULT_TIMEOUT_MS = 5_000;
// 40001 invalid credential, 42001 access_token expired, 40014 invalid access_token.
export const SUBSCRIPTION_REFUSED = 43101;
/**
 * The documented errors about the message itself: 40003 touser (openid) empty or wrong, 40037 template
 * id wrong, 47003 template data wrong (errmsg names the keyword), 41030 page not in the released app.
 */
const MESSAGE_REJECTED = new Set([40003, 40037, 47003, 41030]);

export function createSubscribeMessageSender(options: {
  baseUrl?: string;
  tokens: WechatAccessTokenSource;
  miniprogramState?: MiniprogramState;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): SubscribeMessageSender {
  const endpoint = `${(options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')}/cgi-bin/message/subscribe/send`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const miniprogramState = options.miniprogramState ?? 'formal';
  const unavailable = (why: string, errcode?: number) =>
    new SubscribeMessageUnavailable(`WeChat subscribe/send ${why}`, errcode);

  return {
    async send(message) {
      const body = {
        touser: message.touser,
        template_id: message.templateId,
        ...(message.page && { page: message.page }),
        data: message.data,
        miniprogram_state: miniprogramState,
        lang: 'zh_CN',
      };
      return callWithAccessToken(
        endpoint,
        body,
        { tokens: options.tokens, timeoutMs, fetch: doFetch, unavailable },
        (answer, scrub): SubscribeSendOutcome => {
          if (answer.ok) return { status: 'sent' };
          const { errcode } = answer;
          if (errcode === SUBSCRIPTION_REFUSED) return { status: 'refused' };
          const errmsg = scrub(answer.errmsg);
          if (MESSAGE_REJECTED.has(errcode)) return { status: 'rejected', errcode, errmsg };
          throw unavailable(`errcode ${errcode}: ${errmsg}`, errcode);
        },
      );
    },
  };
}
