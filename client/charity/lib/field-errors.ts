import * as z from 'zod/mini';
import { fieldIssueSchema } from '../../../shared/errors';
import { ApiError } from '../../api/http';

/** Messages by body field ('title', 'endsOn' …). */
export type FieldErrors = Record<string, string>;

/** Zod-style issues, from the client's own check or the server's details → first message per field. */
export function issuesToFieldErrors(issues: readonly { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path.replace(/^body\.?/, '')] ??= issue.message;
  return errors;
}

/** Checks `value` with a shared schema: the same messages the server would answer with. */
export function checkWith(schema: z.ZodMiniType, value: unknown): FieldErrors {
  const result = z.safeParse(schema, value);
  if (result.success) return {};
  return issuesToFieldErrors(
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/**
 * A refusal → messages under fields, plus a line that belongs to no field. `codeFields` puts
 * refusals about one field (CAMPAIGN_DATES_INVALID → 'endsOn') under it; `codeMessages` words
 * a refusal for this screen (FORBIDDEN → who may do it).
 */
export function fieldErrorsFromApi(
  e: unknown,
  codeFields: Record<string, string> = {},
  codeMessages: Record<string, string> = {},
): { fields: FieldErrors; general: string | null } {
  if (!(e instanceof ApiError)) return { fields: {}, general: '保存失败，请稍后重试' };
  const field = codeFields[e.code];
  if (field) return { fields: { [field]: codeMessages[e.code] ?? e.message }, general: null };
  if (e.code !== 'VALIDATION_FAILED') return { fields: {}, general: codeMessages[e.code] ?? e.message };
  const parsed = z.safeParse(z.array(fieldIssueSchema), e.details);
  const fields = parsed.success ? issuesToFieldErrors(parsed.data) : {};
  const placed = Object.keys(fields).filter((k) => k !== '');
  return { fields, general: placed.length ? '有几项需要修改，请看标红的地方' : e.message };
}
