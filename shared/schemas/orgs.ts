import * as z from 'zod/mini';
import { MEMBER_ROLES, ORGANIZATION_KINDS, REGION_LEVELS } from '../constants';
import { phoneSchema } from './auth';
import { publicIdSchema } from './common';
import { lineText } from './text';

/** A region's or an organization's name: one line of text people type (no control or invisible characters). */
const nameSchema = (max: number) => lineText(max).check(z.minLength(2, '名称至少 2 个字'));

export const regionSchema = z.object({
  id: publicIdSchema,
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentId: z.nullable(publicIdSchema),
});
export type Region = z.infer<typeof regionSchema>;
export const regionListSchema = z.object({ items: z.array(regionSchema) });

/** A county has no parent; a town's parent is a county; a village's a town. */
export const createRegionBodySchema = z.strictObject({
  parentId: z.optional(publicIdSchema),
  name: nameSchema(30),
});

export const organizationSchema = z.object({
  id: publicIdSchema,
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  region: z.object({ id: publicIdSchema, name: z.string() }),
});
export type Organization = z.infer<typeof organizationSchema>;
export const organizationListSchema = z.object({ items: z.array(organizationSchema) });
export const createOrganizationBodySchema = z.strictObject({
  name: nameSchema(60),
  kind: z.enum(ORGANIZATION_KINDS),
  regionId: publicIdSchema,
});

export const memberSchema = z.object({
  id: publicIdSchema,
  user: z.object({ id: publicIdSchema, displayName: z.string(), phone: z.nullable(z.string()) }),
  role: z.enum(MEMBER_ROLES),
  region: z.nullable(z.object({ id: publicIdSchema, name: z.string() })),
  status: z.enum(['active', 'disabled']),
});
export type Member = z.infer<typeof memberSchema>;
export const memberListSchema = z.object({ items: z.array(memberSchema) });

/** Invite by phone: the person becomes a member now and logs in with that phone. */
export const addMemberBodySchema = z.strictObject({
  phone: phoneSchema,
  role: z.enum(MEMBER_ROLES),
  /** Narrow the role to a region subtree of the organization's region (a village, a town). */
  regionId: z.optional(publicIdSchema),
});

export const orgParamsSchema = z.strictObject({ orgId: publicIdSchema });
export const memberParamsSchema = z.strictObject({ orgId: publicIdSchema, memberId: publicIdSchema });

export const userParamsSchema = z.strictObject({ userId: publicIdSchema });
export const disabledUserSchema = z.object({
  id: publicIdSchema,
  status: z.literal('disabled'),
  sessionsEnded: z.int(),
});
