import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/app-error';
import { toErrorReply } from '../../server/plugins/errors';
import { ERRORS } from '../../shared/errors';

describe('errors → replies', () => {
  it('every code has a 4xx/5xx status and a message for people', () => {
    for (const [code, { status, message }] of Object.entries(ERRORS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(message.length, code).toBeGreaterThanOrEqual(4);
    }
  });

  it('an AppError keeps its code, status and details', () => {
    const reply = toErrorReply(new AppError('WISH_NOT_FOUND', { details: { id: 'x' } }));
    expect(reply).toEqual({
      status: 404,
      body: {
        error: { code: 'WISH_NOT_FOUND', message: ERRORS.WISH_NOT_FOUND.message, details: { id: 'x' } },
      },
    });
  });

  it('an unknown error becomes a bare 500 without its message', () => {
    const reply = toErrorReply(new Error('SQLITE_CORRUPT at /data/x.db'));
    expect(reply).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL_ERROR', message: ERRORS.INTERNAL_ERROR.message } },
    });
  });

  it("Fastify's own errors map to our codes", () => {
    const tooLarge = Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toErrorReply(tooLarge).body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const limited = Object.assign(new Error('x'), { statusCode: 429 });
    expect(toErrorReply(limited).body.error.code).toBe('RATE_LIMITED');
  });
});
