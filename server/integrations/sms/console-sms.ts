import { MAINLAND_MOBILE_PATTERN } from '../../../shared/constants';
import { maskPhone } from '../../../shared/phone';
import { SmsError, type SmsProvider } from './sms-provider';

/**
 * Development provider: the code goes to the log instead of a phone. It refuses the same numbers
 * the real provider refuses, so a bad number fails in development too.
 */
export function createConsoleSms(options: { log?: (line: string) => void } = {}): SmsProvider {
  const log = options.log ?? ((line: string) => console.log(line));
  return {
    async sendLoginCode(phone, code) {
      if (!MAINLAND_MOBILE_PATTERN.test(phone)) {
        throw new SmsError('invalid_phone', 'Not a mainland China mobile number');
      }
      log(`[sms] login code for ${maskPhone(phone)}: ${code}`);
    },
  };
}
