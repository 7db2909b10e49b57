import Taro from '@tarojs/taro';
import * as z from 'zod/mini';
import type { $ZodType, input, output } from 'zod/v4/core';
import type { Endpoint } from '../../shared/endpoint';
import { errorBodySchema } from '../../shared/errors';
import { clearToken, readToken } from '../session/token';

/** Where the API is: empty on H5 (same origin), an absolute URL in the mini-program. */
export const API_BASE = process.env.TARO_APP_API_BASE;
const TIMEOUT_MS = 15_000;

/** A failed call, with the server's stable code and a message the user can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to tell the person: the server's own message, or `fallback` when there is none. */
export function errorMessage(e: unknown, fallback = '加载失败，请稍后重试'): string {
  return e instanceof ApiError ? e.message : fallback;
}

type Field<E extends Endpoint, K extends 'params' | 'query' | 'body'> = E[K] extends $ZodType
  ? input<E[K]>
  : never;

export interface CallInput<E extends Endpoint> {
  params?: Field<E, 'params'>;
  query?: Field<E, 'query'>;
  body?: Field<E, 'body'>;
  headers?: Record<string, string>;
}

/** `?a=1&b=x`, skipping undefined values (mini-programs have no URLSearchParams). */
export function queryString(query: Record<string, unknown> | undefined): string {
  const parts = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params?.[name] ?? '')));
}

/** The session's bearer token as a request header (none when nobody is logged in). */
export function authHeader(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** An answer with status ≥ 400 → the ApiError it means (the server's code and message when it sent them). */
export function apiErrorFrom(statusCode: number, data: unknown): ApiError {
  const parsed = z.safeParse(errorBodySchema, data);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    // The server no longer knows this token: forget it, the person logs in again.
    if (code === 'SESSION_EXPIRED') clearToken();
    return new ApiError(code, statusCode, message, details);
  }
  return new ApiError('HTTP_ERROR', statusCode, `服务暂时不可用（${statusCode}），请稍后再试`);
}

/**
 * Calls one endpoint of the contract and returns its response, checked against the response
 * schema. Every failure becomes an ApiError.
 */
export async function call<E extends Endpoint>(
  endpoint: E,
  input: CallInput<E> = {},
): Promise<output<E['response']>> {
  const url =
    API_BASE +
    fillPath(endpoint.path, input.params as Record<string, unknown>) +
    queryString(input.query as Record<string, unknown>);
  let res: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject>;
  try {
    res = await Taro.request({
      url,
      method: endpoint.method,
      data: input.body,
      header: {
        // Only a request with a body says it carries JSON (an empty JSON body is refused).
        ...(input.body !== undefined && { 'content-type': 'application/json' }),
        ...authHeader(),
        ...input.headers,
      },
      dataType: 'json',
      timeout: TIMEOUT_MS,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试');
  }
  if (res.statusCode >= 400) throw apiErrorFrom(res.statusCode, res.data);
  const parsed = z.safeParse(endpoint.response, res.data);
  if (!parsed.success) {
    throw new ApiError('UNEXPECTED_RESPONSE', res.statusCode, '应用版本过旧或服务异常，请更新后重试');
  }
  return parsed.data as output<E['response']>;
}
