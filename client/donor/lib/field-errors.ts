import * as z from 'zod/mini';
import { fieldIssueSchema } from '../../../shared/errors';
import { ApiError } from '../../api/http';

/** Messages by field ('carrier', 'trackingNumber', …). */
export type FieldErrors = Record<string, string>;

function issuesToFieldErrors(issues: readonly { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path.replace(/^body\.?/, '')] ??= issue.message;
  return errors;
}

/** A refusal from the server → messages under fields, plus what belongs to no field. */
export function fieldErrorsFromApi(e: unknown): { fields: FieldErrors; general: string | null } {
  if (!(e instanceof ApiError)) return { fields: {}, general: '提交失败，请稍后重试' };
  if (e.code !== 'VALIDATION_FAILED') return { fields: {}, general: e.message };
  const parsed = z.safeParse(z.array(fieldIssueSchema), e.details);
  const fields = parsed.success ? issuesToFieldErrors(parsed.data) : {};
  const placed = Object.keys(fields).filter((k) => k !== '');
  return { fields, general: placed.length ? null : e.message };
}

/** Checks `value` against a shared schema, with the messages the server would answer. */
export function checkWith(schema: z.ZodMiniType, value: unknown): FieldErrors {
  const result = z.safeParse(schema, value);
  if (result.success) return {};
  return issuesToFieldErrors(
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
