import type { Config } from './config';
import {
  createWechatAccessTokenSource,
  type WechatAccessTokenSource,
} from './integrations/wechat/access-token';
import { createWechatContentChecker, type ContentChecker } from './integrations/wechat/msg-sec-check';

/**
 * The outside services the app talks to, built once from the config and shared by the API and
 * the background jobs: one WeChat access token source for every WeChat client (a second source
 * would refresh the token under the first one's feet).
 */
export interface Services {
  /** Null when the mini-program's app id and secret are not configured. */
  wechat: { apiBase: string; appId: string; tokens: WechatAccessTokenSource } | null;
  /** WeChat's text check (null: wishes go to review unchecked). */
  contentChecker: ContentChecker | null;
}

export function createServices(config: Config): Services {
  const wechat = config.wechat
    ? {
        apiBase: config.wechat.apiBase,
        appId: config.wechat.appId,
        tokens: createWechatAccessTokenSource({
          baseUrl: config.wechat.apiBase,
          appId: config.wechat.appId,
          appSecret: config.wechat.appSecret,
        }),
      }
    : null;
  return {
    wechat,
    contentChecker: wechat
      ? createWechatContentChecker({ baseUrl: wechat.apiBase, tokens: wechat.tokens })
      : null,
  };
}
