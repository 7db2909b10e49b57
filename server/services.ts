import type { Config } from './config';
import {
  createWechatAccessTokenSource,
  type WechatAccessTokenSource,
} from './integrations/wechat/access-token';
import { createWechatContentChecker, type ContentChecker } from './integrations/wechat/msg-sec-check';
import { createWechatMediaChecker, type MediaChecker } from './integrations/wechat/media-check-async';
import { createMediaSigner, type MediaSigner } from './modules/media/media-signer';
import { createLocalMediaStorage, type MediaStorage } from './modules/media/media-storage';
import { loadLedgerSigner, type LedgerSigner } from './modules/ledger-log/signing-key';

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
  /** WeChat's asynchronous photo check (null: photos stay `unchecked`). */
  mediaChecker: MediaChecker | null;
  /** Where photo bytes are stored (config.media.dir). */
  mediaStorage: MediaStorage;
  /** Signs and verifies photo links (config.media.urlSecret); `photoView` needs it. */
  mediaSigner: MediaSigner;
  /** Signs the ledger log's checkpoints (config.ledgerLog; a missing key stops the start in production). */
  ledgerSigner: LedgerSigner;
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
    mediaChecker: wechat
      ? createWechatMediaChecker({ baseUrl: wechat.apiBase, tokens: wechat.tokens })
      : null,
    mediaStorage: createLocalMediaStorage(config.media.dir),
    mediaSigner: createMediaSigner(config.media.urlSecret),
    ledgerSigner: loadLedgerSigner(config),
  };
}
