import * as z from 'zod/mini';
import { isCalendarDate } from '../china-date';
import { DIFFICULTY_CATEGORIES, GENDERS, TEXT_LIMITS, URGENCY_LEVELS } from '../constants';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';
import { lineText, optionalText } from './text';

// A beneficiary file (一人一档) has two sides. The public side is what a wish may show
// (pseudonym, age from the birth year, gender, town, category, urgency, story). The restricted
// side — real name, ID number, address, guardian, phone, school, notes — is only ever read by
// caseworkers and reviewers of the owning organization and region, and every read is audited.

/** The earliest year a date may name: the oldest child on file was born in 1990 (birthYearSchema). */
export const DATE_YEAR_MIN = 1990;

export const dateSchema = z.string().check(
  z.refine<string>(isCalendarDate, '请填写正确的日期，如 2026-06-01'),
  z.refine<string>(
    (s) => !isCalendarDate(s) || Number(s.slice(0, 4)) >= DATE_YEAR_MIN,
    `日期不能早于 ${DATE_YEAR_MIN} 年，请核对年份`,
  ),
);

const birthYearSchema = z
  .int('出生年份必须是整数')
  .check(z.minimum(DATE_YEAR_MIN, `出生年份不能早于 ${DATE_YEAR_MIN} 年`), z.maximum(2100, '出生年份不正确'));

function emptyAsNull(schema: z.ZodMiniString) {
  return z.optional(
    z.nullable(
      z.pipe(
        schema,
        z.transform((s: string) => (s === '' ? null : s)),
      ),
    ),
  );
}

/** The restricted side as written by a caseworker. */
export const restrictedFieldsSchema = z.strictObject({
  realName: lineText(TEXT_LIMITS.realName, '请填写真实姓名'),
  idNumber: emptyAsNull(
    z
      .string()
      .check(
        z.trim(),
        z.toUpperCase(),
        z.regex(/^(\d{17}[\dX]|\d{15})?$/, '身份证号应为 18 位（最后一位可以是 X）'),
      ),
  ),
  birthDate: z.optional(z.nullable(dateSchema)),
  address: optionalText(TEXT_LIMITS.address),
  guardianName: optionalText(TEXT_LIMITS.guardianName),
  guardianRelation: optionalText(TEXT_LIMITS.guardianRelation),
  guardianPhone: emptyAsNull(
    z
      .string()
      .check(z.trim(), z.regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})?$/, '请填写 11 位手机号或带区号的座机号')),
  ),
  school: optionalText(TEXT_LIMITS.school),
  schoolClass: optionalText(TEXT_LIMITS.schoolClass),
  caseNotes: optionalText(TEXT_LIMITS.caseNotes, true),
});
export type RestrictedFields = z.output<typeof restrictedFieldsSchema>;
export type RestrictedFieldsInput = z.input<typeof restrictedFieldsSchema>;

/** Guardian consent: who agreed, and to what. A wish is published only with a consent on file. */
export const consentBodySchema = z.strictObject({
  guardianName: lineText(TEXT_LIMITS.guardianName, '请填写同意人的姓名'),
  relation: lineText(TEXT_LIMITS.guardianRelation, '请填写同意人与孩子的关系'),
  consentedOn: dateSchema,
  publishStory: z.boolean(),
  publishPhotos: z.boolean(),
});
export type ConsentBody = z.input<typeof consentBodySchema>;
export type ConsentInput = z.output<typeof consentBodySchema>;

const publicFields = {
  regionId: publicIdSchema,
  pseudonym: lineText(TEXT_LIMITS.pseudonym, '请填写化名'),
  birthYear: birthYearSchema,
  gender: z.enum(GENDERS, '请选择性别'),
  category: z.enum(DIFFICULTY_CATEGORIES, '请选择困境类别'),
  urgency: z.enum(URGENCY_LEVELS, '请选择紧急程度'),
  story: optionalText(TEXT_LIMITS.story, true),
};

export const createBeneficiaryBodySchema = z.strictObject({
  ...publicFields,
  restricted: restrictedFieldsSchema,
  consent: z.optional(consentBodySchema),
});
export type CreateBeneficiaryBody = z.input<typeof createBeneficiaryBodySchema>;
export type CreateBeneficiaryInput = z.output<typeof createBeneficiaryBodySchema>;

/** An edit names the version it was made on: a second edit of the same version is refused (409). */
export const updateBeneficiaryBodySchema = z.strictObject({
  version: z.int().check(z.positive()),
  regionId: z.optional(publicFields.regionId),
  pseudonym: z.optional(publicFields.pseudonym),
  birthYear: z.optional(publicFields.birthYear),
  gender: z.optional(publicFields.gender),
  category: z.optional(publicFields.category),
  urgency: z.optional(publicFields.urgency),
  story: publicFields.story,
  restricted: z.optional(z.partial(restrictedFieldsSchema)),
});
export type UpdateBeneficiaryBody = z.input<typeof updateBeneficiaryBodySchema>;
export type UpdateBeneficiaryInput = z.output<typeof updateBeneficiaryBodySchema>;

export const consentSchema = z.object({
  id: publicIdSchema,
  guardianName: z.string(),
  relation: z.string(),
  consentedOn: z.string(),
  publishStory: z.boolean(),
  publishPhotos: z.boolean(),
  recordedAt: isoDateTimeSchema,
  withdrawnAt: z.nullable(isoDateTimeSchema),
});
export type Consent = z.infer<typeof consentSchema>;

const placeSchema = z.object({ id: publicIdSchema, name: z.string() });

/** The public side of a file as staff see it in lists (no restricted field). */
export const beneficiarySummarySchema = z.object({
  id: publicIdSchema,
  pseudonym: z.string(),
  birthYear: z.int(),
  age: z.int(),
  gender: z.enum(GENDERS),
  category: z.enum(DIFFICULTY_CATEGORIES),
  urgency: z.enum(URGENCY_LEVELS),
  story: z.nullable(z.string()),
  region: placeSchema,
  town: placeSchema,
  /** Consent on file now: what it allows, or null when there is none. */
  consent: z.nullable(z.object({ publishStory: z.boolean(), publishPhotos: z.boolean() })),
  openWishes: z.int(),
  version: z.int(),
  updatedAt: isoDateTimeSchema,
});
export type BeneficiarySummary = z.infer<typeof beneficiarySummarySchema>;

export const beneficiaryListQuerySchema = z.extend(pageQuerySchema, {
  q: z.optional(z.string().check(z.trim(), z.maxLength(TEXT_LIMITS.search))),
  regionId: z.optional(publicIdSchema),
  category: z.optional(z.enum(DIFFICULTY_CATEGORIES)),
  urgency: z.optional(z.enum(URGENCY_LEVELS)),
});
export type BeneficiaryListQuery = z.input<typeof beneficiaryListQuerySchema>;
export const beneficiaryPageSchema = pageOf(beneficiarySummarySchema);

export const revisionSchema = z.object({
  version: z.int(),
  editedBy: z.string(),
  editedAt: isoDateTimeSchema,
  /** Names of the fields changed (values stay in the file's history table, restricted). */
  fields: z.array(z.string()),
});

/** The whole file, restricted side included: only for its caseworkers and reviewers, audited. */
export const beneficiaryFileSchema = z.object({
  ...beneficiarySummarySchema.shape,
  restricted: z.object({
    realName: z.string(),
    idNumber: z.nullable(z.string()),
    birthDate: z.nullable(z.string()),
    address: z.nullable(z.string()),
    guardianName: z.nullable(z.string()),
    guardianRelation: z.nullable(z.string()),
    guardianPhone: z.nullable(z.string()),
    school: z.nullable(z.string()),
    schoolClass: z.nullable(z.string()),
    caseNotes: z.nullable(z.string()),
  }),
  consents: z.array(consentSchema),
  history: z.array(revisionSchema),
});
export type BeneficiaryFile = z.infer<typeof beneficiaryFileSchema>;

export const beneficiaryParamsSchema = z.strictObject({ beneficiaryId: publicIdSchema });
