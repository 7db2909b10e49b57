import * as z from 'zod/mini';

// Text people type. Invisible and direction-changing characters are refused rather than
// silently stored: they hide words from the privacy linter and from the reviewer's eyes
// (U+202E can make "8.3 元" read differently), and control characters forge log lines.

// C0 controls except TAB/LF/CR, DEL, C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// Zero-width and bidirectional formatting characters, BOM, word joiner, soft hyphen.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
// A UTF-16 surrogate without its partner (not a character at all).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textChecks(max: number, multiline: boolean) {
  return [
    z.trim(),
    z.maxLength(max, `不能超过 ${max} 个字`),
    z.refine<string>((s) => !CONTROL.test(s), '含有无法显示的控制字符，请删除后重试'),
    z.refine<string>((s) => multiline || !/[\r\n]/.test(s), '这一项只能写一行'),
    z.refine<string>((s) => !INVISIBLE.test(s), '含有看不见的特殊字符（如零宽字符），请重新输入这段文字'),
    z.refine<string>((s) => !LONE_SURROGATE.test(s), '含有无法识别的字符，请重新输入'),
  ] as const;
}

/** One line of text, trimmed, 1..max characters. */
export function lineText(max: number, requiredMessage = '不能为空') {
  return z.string().check(...textChecks(max, false), z.minLength(1, requiredMessage));
}

/** Several lines of text, trimmed, 1..max characters. */
export function paragraphText(max: number, requiredMessage = '不能为空') {
  return z.string().check(...textChecks(max, true), z.minLength(1, requiredMessage));
}

/** Optional text: absent, null, or empty all mean "none" and arrive as null. */
export function optionalText(max: number, multiline = false) {
  return z.optional(
    z.nullable(
      z.pipe(
        z.string().check(...textChecks(max, multiline)),
        z.transform((s: string) => (s === '' ? null : s)),
      ),
    ),
  );
}
