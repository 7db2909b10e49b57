import { ConfigError, type Config } from './config';
import {
  createWechatAccessTokenSource,
  type WechatAccessTokenSource,
} from './integrations/wechat/access-token';
import { createWechatContentChecker, type ContentChecker } from './integrations/wechat/msg-sec-check';
import { createWechatMediaChecker, type MediaChecker } from './integrations/wechat/media-check-async';
import {
  createWechatPayClient,
  type WechatPayClientAccount,
} from './integrations/wechat-pay/wechat-pay-client';
import type { WechatPayClient } from './integrations/wechat-pay/types';
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
  /** WeChat Pay (APIv3): the configured merchant, or the one given (demo mode's fake); else null. */
  wechatPay: WechatPayClient | null;
}

export interface ServiceOptions {
  /**
   * A merchant account to use instead of config.wechatPay (demo mode: the local fake WeChat Pay
   * server's). Its notify URL may be a function, read at each order, for a server that knows its
   * own address only once it listens.
   */
  wechatPayAccount?: WechatPayClientAccount;
  /** The notify URL for config.wechatPay when the environment gives none. */
  wechatPayNotifyUrl?: string | (() => string);
}

function wechatPayClient(config: Config, options: ServiceOptions): WechatPayClient | null {
  if (options.wechatPayAccount) return createWechatPayClient(options.wechatPayAccount);
  if (!config.wechatPay) return null;
  const notifyUrl = config.wechatPay.notifyUrl ?? options.wechatPayNotifyUrl;
  if (!notifyUrl) {
    throw new ConfigError('WeChat Pay needs WECHATPAY_NOTIFY_URL (or PUBLIC_BASE_URL) for its callbacks');
  }
  return createWechatPayClient({ ...config.wechatPay, notifyUrl });
}

export function createServices(config: Config, options: ServiceOptions = {}): Services {
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
    wechatPay: wechatPayClient(config, options),
  };
}
