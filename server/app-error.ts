import { ERRORS, type ErrorCode } from '../shared/errors';

/**
 * The one error type use cases throw for an expected failure. The error handler turns it into
 * `{ error: { code, message, details? } }` with the HTTP status from shared/errors.ts.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, options: { message?: string; details?: unknown } = {}) {
    super(options.message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = options.details;
  }
}
