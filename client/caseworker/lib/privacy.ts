import * as z from 'zod/mini';
import { lintPublicText, type PrivacyContext, type PrivacyFinding } from '../../../shared/privacy-lint';
import { privacyFindingsDetailSchema } from '../../../shared/schemas/staff-wishes';
import { ApiError } from '../../api/http';

export type ShownFinding = Pick<PrivacyFinding, 'severity' | 'start' | 'end' | 'text' | 'message'>;

/** What the server found in each public field (422 PRIVACY_FINDINGS), with the text it looked at. */
export type ServerFindings = Record<string, { text: string; findings: ShownFinding[] }>;

export function serverFindings(e: unknown, sent: Record<string, string>): ServerFindings {
  if (!(e instanceof ApiError) || e.code !== 'PRIVACY_FINDINGS') return {};
  const parsed = z.safeParse(privacyFindingsDetailSchema, e.details);
  if (!parsed.success) return {};
  const out: ServerFindings = {};
  for (const f of parsed.data) {
    const entry = (out[f.field] ??= { text: sent[f.field] ?? '', findings: [] });
    // The server refuses only what blocks; it shows as an error here too.
    entry.findings.push({ severity: 'error', start: f.start, end: f.end, text: f.text, message: f.message });
  }
  return out;
}

/**
 * The findings to show under a public field: the live check of what is typed now; when it finds
 * nothing but the server refused this very text, the server's findings.
 */
export function findingsFor(
  field: string,
  text: string,
  ctx: PrivacyContext,
  server: ServerFindings,
): ShownFinding[] {
  const live = lintPublicText(text, ctx);
  if (live.length) return live;
  const refused = server[field];
  return refused && refused.text === text ? refused.findings : [];
}

/** True when a finding must be fixed before the text can go out (warnings do not block). */
export function blocks(findings: readonly ShownFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
