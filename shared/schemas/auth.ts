import * as z from 'zod/mini';
import {
  DEMO_PERSONAS,
  MAINLAND_MOBILE_PATTERN,
  MEMBER_ROLES,
  ORGANIZATION_KINDS,
  REGION_LEVELS,
} from '../constants';
import { publicIdSchema } from './common';

// Request bodies are strict: a field the server does not expect (`userId`, `role`, `openid` …)
// is refused, never silently trusted.

export const phoneSchema = z.string().check(z.regex(MAINLAND_MOBILE_PATTERN, '请输入正确的 11 位手机号'));

export const demoLoginBodySchema = z.strictObject({ persona: z.enum(DEMO_PERSONAS) });
export const smsSendBodySchema = z.strictObject({ phone: phoneSchema });
export const smsVerifyBodySchema = z.strictObject({
  phone: phoneSchema,
  code: z.string().check(z.regex(/^\d{6}$/, '验证码是 6 位数字')),
});
export const wechatLoginBodySchema = z.strictObject({
  code: z.string().check(z.minLength(1), z.maxLength(128)),
});
export const switchOrgBodySchema = z.strictObject({ orgId: publicIdSchema });

export const meSchema = z.object({
  user: z.object({
    id: publicIdSchema,
    displayName: z.string(),
    /** Masked, e.g. 138****8000; null for WeChat-only users. */
    phone: z.nullable(z.string()),
    isPlatformAdmin: z.boolean(),
  }),
  memberships: z.array(
    z.object({
      org: z.object({ id: publicIdSchema, name: z.string(), kind: z.enum(ORGANIZATION_KINDS) }),
      role: z.enum(MEMBER_ROLES),
      /** The region the role covers; null: the organization's whole region. */
      region: z.nullable(z.object({ id: publicIdSchema, name: z.string(), level: z.enum(REGION_LEVELS) })),
    }),
  ),
  currentOrgId: z.nullable(publicIdSchema),
});
export type Me = z.infer<typeof meSchema>;

export const sessionSchema = z.object({ token: z.string(), me: meSchema });
export type Session = z.infer<typeof sessionSchema>;

export const authOptionsSchema = z.object({
  demo: z.boolean(),
  sms: z.boolean(),
  wechat: z.boolean(),
});
export type AuthOptions = z.infer<typeof authOptionsSchema>;

export const smsSentSchema = z.object({ sent: z.literal(true), retryAfterSeconds: z.int() });
export const okSchema = z.object({ ok: z.literal(true) });
