import type { FastifyError, FastifyInstance } from 'fastify';
import { ERRORS, type ErrorBody, type ErrorCode, type FieldIssue } from '../../shared/errors';
import { AppError, ForeignObjectError } from '../app-error';
import type { Db } from '../db/client';
import { recordAudit } from '../modules/audit/record-audit';
import { requestMeta } from './auth';

/** Fastify's own 4xx errors, by code, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  // Also what the JSON parser answers for `__proto__` / `constructor.prototype` keys.
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

/** Errors of plugins that only set a status (rate limit, under pressure, closing). */
const STATUS_CODES: Record<number, ErrorCode> = { 429: 'RATE_LIMITED', 503: 'SERVICE_UNAVAILABLE' };

export interface ErrorReply {
  status: number;
  body: ErrorBody;
}

export function errorReply(
  code: ErrorCode,
  details?: unknown,
  message: string = ERRORS[code].message,
): ErrorReply {
  return {
    status: ERRORS[code].status,
    body: { error: { code, message, ...(details !== undefined && { details }) } },
  };
}

function fieldIssues(err: FastifyError): FieldIssue[] {
  return (err.validation ?? []).map((v) => ({
    path: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
    message: v.message ?? '不符合要求',
  }));
}

/** Any thrown thing → the one error shape. Internals of a 5xx are logged, never sent. */
export function toErrorReply(err: FastifyError | AppError | Error): ErrorReply {
  if (err instanceof AppError) return errorReply(err.code, err.details, err.message);
  const fe = err as FastifyError;
  if (fe.validation) return errorReply('VALIDATION_FAILED', fieldIssues(fe));
  const code = (fe.code && FASTIFY_CODES[fe.code]) || (fe.statusCode && STATUS_CODES[fe.statusCode]);
  if (code) return errorReply(code);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { ...errorReply('BAD_REQUEST'), status: fe.statusCode };
  }
  return errorReply('INTERNAL_ERROR');
}

export function registerErrorHandling(app: FastifyInstance, db: Db): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ForeignObjectError) {
      recordAudit(
        db,
        {
          actorUserId: request.actor?.userId ?? null,
          action: 'access.refused',
          outcome: 'refused',
          targetType: err.target.type,
          targetId: err.target.id,
          details: { route: `${request.method} ${request.routeOptions.url ?? ''}` },
        },
        requestMeta(request),
      );
    }
    const { status, body } = toErrorReply(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    return reply.code(status).send(body);
  });
}
