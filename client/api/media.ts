import Taro from '@tarojs/taro';
import * as z from 'zod/mini';
import type { MediaPurpose } from '../../shared/constants';
import { mediaEndpoints } from '../../shared/endpoints/media';
import type { UploadedMedia } from '../../shared/schemas/media';
import { API_BASE, ApiError, apiErrorFrom, authHeader } from './http';

/** Multipart, so not through call(): the contract gives its path and the answer's schema. */
const upload = mediaEndpoints.uploadMedia;
/** A whole photo on a weak village network: longer than a JSON call (Taro counts from the send). */
const UPLOAD_TIMEOUT_MS = 120_000;
/**
 * On H5 Taro first reads the chosen file back from its blob: URL (an XHR GET, which the page's CSP
 * must allow: `connect-src blob:`), with no timeout or error handler of its own: if that read never
 * ends, nothing is sent and nothing fails. An upload that has not started within START_MS is given
 * up (a sending one reports progress at once, however slow the network); WATCHDOG_MS bounds it all.
 */
const START_MS = 30_000;
const WATCHDOG_MS = UPLOAD_TIMEOUT_MS + 15_000;

/** An upload under way: the photo the server made of it, and a way to stop it. */
export type PhotoUpload = Promise<UploadedMedia> & { abort: () => void };

const networkError = () => new ApiError('NETWORK_ERROR', 0, '网络不太好，照片没有传上去，请重试');

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/**
 * Uploads one chosen photo (`filePath` from chooseMedia: a temp path in the mini-program, a blob:
 * URL on H5) as multipart `file` with its `purpose`, with the session's bearer token.
 * `onProgress` gets 0–100 while the bytes go out; the server still checks and strips the photo
 * after 100. Every failure becomes an ApiError, like `call()`.
 */
export function uploadPhoto(
  filePath: string,
  purpose: MediaPurpose,
  onProgress?: (percent: number) => void,
): PhotoUpload {
  let task: Taro.UploadTask.UploadTaskPromise | null = null;
  let aborted = false;
  const promise = new Promise<UploadedMedia>((resolve, reject) => {
    const giveUp = () => {
      task?.abort();
      reject(networkError());
    };
    const watchdog = setTimeout(giveUp, WATCHDOG_MS);
    const notStarted = setTimeout(giveUp, START_MS);
    const started = () => clearTimeout(notStarted);
    const settle =
      <T>(fn: (v: T) => void) =>
      (v: T) => {
        clearTimeout(watchdog);
        started();
        fn(v);
      };
    const ok = settle(resolve);
    const fail = settle(reject);

    task = Taro.uploadFile({
      url: `${API_BASE}${upload.path}`,
      filePath,
      name: 'file',
      formData: { purpose },
      header: authHeader(),
      timeout: UPLOAD_TIMEOUT_MS,
      // A bearer token, no cookies: a cross-origin API then needs no credentialed CORS (H5 only).
      withCredentials: false,
    });
    task.onProgressUpdate?.((p) => {
      started();
      // H5 divides by the total, which can be 0: NaN must not reach the screen.
      const percent = Number.isFinite(p.progress) ? Math.min(100, Math.max(0, Math.round(p.progress))) : 0;
      onProgress?.(percent);
    });
    task.then(
      (res) => {
        const body = parseJson(res.data);
        if (res.statusCode >= 400) return fail(apiErrorFrom(res.statusCode, body));
        const parsed = z.safeParse(upload.response, body);
        if (!parsed.success) {
          return fail(
            new ApiError('UNEXPECTED_RESPONSE', res.statusCode, '应用版本过旧或服务异常，请更新后重试'),
          );
        }
        ok(parsed.data);
      },
      () => fail(aborted ? new ApiError('ABORTED', 0, '已取消上传') : networkError()),
    );
  });
  return Object.assign(promise, {
    abort: () => {
      aborted = true;
      task?.abort();
    },
  });
}
