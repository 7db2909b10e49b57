/** Sends the one-time login code. Implementations throw SmsError and never put the code in it. */
export interface SmsProvider {
  sendLoginCode(phone: string, code: string): Promise<void>;
}

/**
 * invalid_phone: the number cannot receive SMS (tell the user); rate_limited: the carrier or provider
 * refuses more messages to this number for now (ask to wait); unavailable: anything on our side or
 * the provider's (retry later, alert).
 */
export type SmsErrorKind = 'invalid_phone' | 'rate_limited' | 'unavailable';

export class SmsError extends Error {
  readonly kind: SmsErrorKind;
  /** The provider's own error code (e.g. `LimitExceeded.PhoneNumberDailyLimit`), for logs. */
  readonly providerCode: string | undefined;

  constructor(kind: SmsErrorKind, message: string, options: { providerCode?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SmsError';
    this.kind = kind;
    this.providerCode = options.providerCode;
  }
}
