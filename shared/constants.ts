/**
 * Domain constants shared by client and server. Order matters where noted:
 * it is the order people see them in, and urgency order is the feed order.
 */

/** The eight difficulty categories (困境类别) of the Quangang "505" grading. */
export const DIFFICULTY_CATEGORIES = [
  'illness',
  'disability',
  'education',
  'guardianship_gap',
  'left_behind',
  'migrant',
  'low_income',
  'emergency',
] as const;
export type DifficultyCategory = (typeof DIFFICULTY_CATEGORIES)[number];

export const DIFFICULTY_CATEGORY_LABELS: Record<DifficultyCategory, string> = {
  illness: '疾病',
  disability: '残疾',
  education: '教育',
  guardianship_gap: '监护缺失',
  left_behind: '留守',
  migrant: '流动',
  low_income: '低收入',
  emergency: '急难',
};

/** Urgency levels, most urgent first: this is also the feed's sort order. */
export const URGENCY_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];

/** Always shown as a word beside the colour, never colour alone. */
export const URGENCY_LABELS: Record<UrgencyLevel, string> = {
  red: '紧急',
  orange: '较急',
  yellow: '一般',
  blue: '常规',
};

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { female: '女', male: '男' };

/** The wish lifecycle states; transitions between them live in the wishes module. */
export const WISH_STATUSES = [
  'draft',
  'in_review',
  'published',
  'claimed',
  'delivered',
  'confirmed',
  'returned',
  'cancelled',
  'expired',
] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export const REGION_LEVELS = ['county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Paging of public lists. */
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 50;

/** Public ids: 12 random bytes, base64url — 16 characters, 96 bits. */
export const PUBLIC_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
