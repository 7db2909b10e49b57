import type { FastifyError, FastifyInstance } from 'fastify';
import { ERRORS, type ErrorCode, type FieldIssue } from '../../shared/errors';
import { AppError } from '../app-error';

/** Fastify's own 4xx errors, by code, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

interface ErrorReply {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Any thrown thing → the one error shape. Internals of a 5xx are logged, never sent. */
export function toErrorReply(err: FastifyError | AppError | Error): ErrorReply {
  if (err instanceof AppError) {
    return { status: err.status, code: err.code, message: err.message, details: err.details };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const issues: FieldIssue[] = fe.validation.map((v) => ({
      path: [fe.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? '不符合要求',
    }));
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: ERRORS.VALIDATION_FAILED.message,
      details: issues,
    };
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { status: ERRORS[mapped].status, code: mapped, message: ERRORS[mapped].message };
  if (err instanceof SyntaxError || fe.statusCode === 400) {
    // The JSON parser (secure-json-parse) refuses bad JSON and __proto__ keys with a 400.
    return { status: 400, code: 'MALFORMED_JSON', message: ERRORS.MALFORMED_JSON.message };
  }
  if (fe.statusCode === 429)
    return { status: 429, code: 'RATE_LIMITED', message: ERRORS.RATE_LIMITED.message };
  if (fe.statusCode === 503) {
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: ERRORS.SERVICE_UNAVAILABLE.message };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'BAD_REQUEST', message: ERRORS.BAD_REQUEST.message };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: ERRORS.INTERNAL_ERROR.message };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, message, details } = toErrorReply(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code, status }, 'request refused');
    return reply.code(status).send({ error: { code, message, ...(details !== undefined && { details }) } });
  });
}

export function apiNotFound(): { status: number; body: { error: { code: ErrorCode; message: string } } } {
  return {
    status: 404,
    body: { error: { code: 'ROUTE_NOT_FOUND', message: ERRORS.ROUTE_NOT_FOUND.message } },
  };
}
