import type { DifficultyCategory, Gender, UrgencyLevel } from '../../../shared/constants';
import { chinaDate } from '../../../shared/china-date';
import {
  createBeneficiaryBodySchema,
  updateBeneficiaryBodySchema,
  type BeneficiaryFile,
  type ConsentBody,
  type CreateBeneficiaryBody,
  type UpdateBeneficiaryBody,
} from '../../../shared/schemas/beneficiaries';
import { checkWith, type FieldErrors } from './field-errors';

/** The restricted side as the form holds it: every field as typed, '' for "not filled". */
export interface RestrictedValues {
  realName: string;
  idNumber: string;
  birthDate: string;
  address: string;
  guardianName: string;
  guardianRelation: string;
  guardianPhone: string;
  school: string;
  schoolClass: string;
  caseNotes: string;
}
export type RestrictedKey = keyof RestrictedValues;

export interface ConsentValues {
  guardianName: string;
  relation: string;
  consentedOn: string;
  publishStory: boolean;
  publishPhotos: boolean;
}

export interface FileValues {
  regionId: string;
  pseudonym: string;
  birthYear: number | null;
  gender: Gender | null;
  category: DifficultyCategory | null;
  urgency: UrgencyLevel | null;
  story: string;
  restricted: RestrictedValues;
  /** Only when creating: record the guardian's consent together with the file. */
  withConsent: boolean;
  consent: ConsentValues;
}

const RESTRICTED_KEYS: RestrictedKey[] = [
  'realName',
  'idNumber',
  'birthDate',
  'address',
  'guardianName',
  'guardianRelation',
  'guardianPhone',
  'school',
  'schoolClass',
  'caseNotes',
];

export function emptyConsent(now: number): ConsentValues {
  return {
    guardianName: '',
    relation: '',
    consentedOn: chinaDate(now),
    publishStory: false,
    publishPhotos: false,
  };
}

export function emptyFile(now: number, regionId = ''): FileValues {
  const restricted = Object.fromEntries(RESTRICTED_KEYS.map((k) => [k, ''])) as unknown as RestrictedValues;
  return {
    regionId,
    pseudonym: '',
    birthYear: null,
    gender: null,
    category: null,
    urgency: null,
    story: '',
    restricted,
    withConsent: false,
    consent: emptyConsent(now),
  };
}

/** A stored file → the form, for editing. */
export function fileToValues(file: BeneficiaryFile, now: number): FileValues {
  const restricted = Object.fromEntries(
    RESTRICTED_KEYS.map((k) => [k, file.restricted[k] ?? '']),
  ) as unknown as RestrictedValues;
  return {
    regionId: file.region.id,
    pseudonym: file.pseudonym,
    birthYear: file.birthYear,
    gender: file.gender,
    category: file.category,
    urgency: file.urgency,
    story: file.story ?? '',
    restricted,
    withConsent: false,
    consent: emptyConsent(now),
  };
}

/** '' is "not filled": the schemas take null for an optional field left empty. */
const orNull = (s: string) => (s.trim() === '' ? null : s);

function restrictedBody(r: RestrictedValues) {
  return {
    realName: r.realName,
    idNumber: orNull(r.idNumber),
    birthDate: orNull(r.birthDate),
    address: orNull(r.address),
    guardianName: orNull(r.guardianName),
    guardianRelation: orNull(r.guardianRelation),
    guardianPhone: orNull(r.guardianPhone),
    school: orNull(r.school),
    schoolClass: orNull(r.schoolClass),
    caseNotes: orNull(r.caseNotes),
  };
}

export function consentBody(c: ConsentValues): ConsentBody {
  return { ...c };
}

/** The body for a new file. Fields left unchosen stay undefined, for the schema to name them. */
export function createBody(v: FileValues): CreateBeneficiaryBody {
  return {
    regionId: v.regionId,
    pseudonym: v.pseudonym,
    birthYear: v.birthYear as number,
    gender: v.gender as Gender,
    category: v.category as DifficultyCategory,
    urgency: v.urgency as UrgencyLevel,
    story: orNull(v.story),
    restricted: restrictedBody(v.restricted),
    ...(v.withConsent && { consent: consentBody(v.consent) }),
  };
}

/**
 * The body for an edit: only what changed since `file` was loaded (the history then names just
 * those fields), with the version it was made on.
 */
export function updateBody(v: FileValues, file: BeneficiaryFile): UpdateBeneficiaryBody {
  const body: UpdateBeneficiaryBody = { version: file.version };
  if (v.regionId !== file.region.id) body.regionId = v.regionId;
  if (v.pseudonym !== file.pseudonym) body.pseudonym = v.pseudonym;
  if (v.birthYear !== file.birthYear) body.birthYear = v.birthYear as number;
  if (v.gender !== file.gender) body.gender = v.gender as Gender;
  if (v.category !== file.category) body.category = v.category as DifficultyCategory;
  if (v.urgency !== file.urgency) body.urgency = v.urgency as UrgencyLevel;
  if (orNull(v.story) !== file.story) body.story = orNull(v.story);
  const next = restrictedBody(v.restricted);
  const changed = RESTRICTED_KEYS.filter((k) => next[k] !== file.restricted[k]);
  if (changed.length) body.restricted = Object.fromEntries(changed.map((k) => [k, next[k]]));
  return body;
}

/** True when an edit body carries nothing but the version. */
export function isEmptyUpdate(body: UpdateBeneficiaryBody): boolean {
  return Object.keys(body).length === 1;
}

/** The server's own rules, checked before sending (weak networks: fewer round trips). */
export function checkFile(v: FileValues, file: BeneficiaryFile | null): FieldErrors {
  const errors = file
    ? checkWith(updateBeneficiaryBodySchema, updateBody(v, file))
    : checkWith(createBeneficiaryBodySchema, createBody(v));
  if (!v.regionId) errors.regionId = '请选择孩子所在的村（社区）';
  if (v.birthYear === null) errors.birthYear = '请选择出生年份';
  if (
    v.restricted.birthDate &&
    v.birthYear !== null &&
    !v.restricted.birthDate.startsWith(`${v.birthYear}-`)
  ) {
    errors['restricted.birthDate'] ??= '出生日期和出生年份不一致，请核对';
  }
  return errors;
}

/** Server answers that concern one field of this form without being validation errors. */
export const FILE_CODE_FIELDS: Record<string, string> = {
  REGION_OUTSIDE_SCOPE: 'regionId',
  REGION_NOT_FOUND: 'regionId',
  BIRTH_DATE_MISMATCH: 'restricted.birthDate',
};
