import * as z from 'zod/mini';
import { fieldIssueSchema } from '../../../shared/errors';
import { ApiError } from '../../api/http';

/** Messages by field path ('pseudonym', 'restricted.realName', 'consent.consentedOn' …). */
export type FieldErrors = Record<string, string>;

/** The server names body fields 'body.restricted.realName'; the form knows them without 'body.'. */
function fieldPath(path: string): string {
  return path.replace(/^body\.?/, '');
}

/** Zod-style issues (client check or server details) → the first message for each field. */
export function issuesToFieldErrors(issues: readonly { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = fieldPath(issue.path);
    errors[path] ??= issue.message;
  }
  return errors;
}

/**
 * A refusal from the server → messages under fields, plus what belongs to no field.
 * `codeFields` places answers that are about one field but are not validation errors
 * (e.g. REGION_OUTSIDE_SCOPE → 'regionId').
 */
export function fieldErrorsFromApi(
  e: unknown,
  codeFields: Record<string, string> = {},
): { fields: FieldErrors; general: string | null } {
  if (!(e instanceof ApiError)) return { fields: {}, general: '保存失败，请稍后重试' };
  const field = codeFields[e.code];
  if (field) return { fields: { [field]: e.message }, general: null };
  if (e.code !== 'VALIDATION_FAILED') return { fields: {}, general: e.message };
  const parsed = z.safeParse(z.array(fieldIssueSchema), e.details);
  const fields = parsed.success ? issuesToFieldErrors(parsed.data) : {};
  // A problem with the body as a whole (an unknown key) has no field to sit under.
  const placed = Object.keys(fields).filter((k) => k !== '');
  return {
    fields,
    general: placed.length ? '有几项需要修改，请看标红的地方' : e.message,
  };
}

/** Checks `value` against a shared schema, with the same messages the server would answer. */
export function checkWith(schema: z.ZodMiniType, value: unknown): FieldErrors {
  const result = z.safeParse(schema, value);
  if (result.success) return {};
  return issuesToFieldErrors(
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/** The errors without those of `paths` (fields just edited): a fixed field stops looking wrong. */
export function withoutErrors(errors: FieldErrors, paths: readonly string[]): FieldErrors {
  if (!paths.some((p) => p in errors)) return errors;
  const next = { ...errors };
  for (const p of paths) delete next[p];
  return next;
}
