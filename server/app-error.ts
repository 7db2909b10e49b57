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

/**
 * A refusal of an object that exists but is not the caller's (another organization's ledger entry,
 * report or member): answered exactly like a missing one, so the answer does not tell it exists,
 * and recorded as an access refusal by the error handler — after the request's transaction has
 * rolled back, so the record is not lost with it.
 */
export class ForeignObjectError extends AppError {
  readonly target: { type: string; id: string };

  constructor(code: ErrorCode, target: { type: string; id: string }) {
    super(code);
    this.name = 'ForeignObjectError';
    this.target = target;
  }
}
