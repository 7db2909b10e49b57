import { lintPublicText } from '../../../shared/privacy-lint';
import { AppError } from '../../app-error';

export interface PrivacyContext {
  realName: string;
  guardianName: string | null;
  school: string | null;
}

/**
 * Refuses (422 PRIVACY_FINDINGS, each span in `details`) public text that carries the child's
 * identity: the file's own names and school, ID numbers, phones, classes, addresses. Warnings pass.
 */
export function assertNoPrivacyFindings(
  fields: readonly (readonly [field: string, text: string | null | undefined])[],
  context: PrivacyContext,
): void {
  const blocking = fields.flatMap(([field, text]) =>
    text
      ? lintPublicText(text, context)
          .filter((f) => f.severity === 'error')
          .map(({ kind, start, end, text: span, message }) => ({
            field,
            kind,
            start,
            end,
            text: span,
            message,
          }))
      : [],
  );
  if (blocking.length > 0) throw new AppError('PRIVACY_FINDINGS', { details: blocking });
}
