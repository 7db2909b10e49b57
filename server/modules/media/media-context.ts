import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client';
import type { MediaChecker } from '../../integrations/wechat/media-check-async';
import type { MediaSigner } from './media-signer';
import type { MediaStorage } from './media-storage';

/** What the media use cases work with, built once by the routes from the app's deps and services. */
export interface MediaContext {
  db: Db;
  storage: MediaStorage;
  signer: MediaSigner;
  /** WeChat's photo check; null when WeChat is not configured. */
  checker: MediaChecker | null;
  /** The public origin WeChat downloads photos from for its check; null: no check. */
  publicBaseUrl: string | null;
}

export type MediaLog = Pick<FastifyBaseLogger, 'warn' | 'info'>;
