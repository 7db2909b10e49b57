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
export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  draft: '草稿',
  in_review: '待审核',
  published: '已发布',
  claimed: '已认领',
  delivered: '已送达',
  confirmed: '已完成',
  returned: '退回修改',
  cancelled: '已撤销',
  expired: '已过期',
};
/** Statuses the public may see (a wish before review, or withdrawn, is nobody's business). */
export const PUBLIC_WISH_STATUSES = ['published', 'claimed', 'delivered', 'confirmed'] as const;

/** What a wish asks for: a thing, someone's time, or an outing. */
export const WISH_KINDS = ['item', 'service', 'experience'] as const;
export type WishKind = (typeof WISH_KINDS)[number];
export const WISH_KIND_LABELS: Record<WishKind, string> = {
  item: '物品',
  service: '服务',
  experience: '体验',
};

/** Orders of the donor feed; `urgent` (most urgent, then longest waiting) is the default. */
export const WISH_SORTS = ['urgent', 'newest', 'value_asc', 'value_desc'] as const;
export type WishSort = (typeof WISH_SORTS)[number];
export const WISH_SORT_LABELS: Record<WishSort, string> = {
  urgent: '紧急优先',
  newest: '最新发布',
  value_asc: '金额从低到高',
  value_desc: '金额从高到低',
};

/** What the automatic content check said about a wish's public text (null: not checked yet). */
export const CONTENT_CHECKS = ['pass', 'review', 'unchecked'] as const;
export type ContentCheck = (typeof CONTENT_CHECKS)[number];

/**
 * Re-identification guard: when fewer than this many children with published wishes share a
 * town, age and gender, public views show an age band instead of the age.
 */
export const REIDENTIFICATION_MIN_GROUP = 3;
/** Age bands, inclusive; the first that contains the age is shown. */
export const AGE_BANDS: readonly (readonly [number, number])[] = [
  [0, 2],
  [3, 5],
  [6, 9],
  [10, 12],
  [13, 15],
  [16, 18],
  [19, 59],
  [60, 120],
];

/** Limits of what a caseworker writes; the public text is kept short on purpose. */
export const TEXT_LIMITS = {
  pseudonym: 8,
  title: 40,
  description: 500,
  story: 300,
  reason: 200,
  campaignTitle: 40,
  campaignDescription: 500,
  siteName: 40,
  realName: 30,
  idNumber: 18,
  address: 100,
  guardianName: 30,
  guardianRelation: 10,
  school: 50,
  schoolClass: 20,
  caseNotes: 2000,
  search: 20,
  siteAddress: 60,
  carrier: 20,
  trackingNumber: 40,
  note: 200,
  thankYou: 500,
  donorName: 40,
} as const;
export const WISH_QUANTITY_MAX = 999;
/** One wish may ask for up to ¥100,000 (in fen). */
export const WISH_VALUE_MAX_FEN = 10_000_000;
/** A large wish is split into at most this many equal shares. */
export const WISH_SHARES_MAX = 100;

export const REGION_LEVELS = ['county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Staff roles, per organization. Anyone who logs in is also a donor. */
export const MEMBER_ROLES = ['caseworker', 'reviewer', 'finance', 'org_admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  caseworker: '社工 / 儿童主任',
  reviewer: '审核员',
  finance: '财务',
  org_admin: '机构管理员',
};

export const ORGANIZATION_KINDS = ['government', 'charity', 'volunteer_team'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  government: '政府部门',
  charity: '慈善组织',
  volunteer_team: '志愿服务队',
};

/** Demo mode: one seeded user per role, so a newcomer can try every journey. */
export const DEMO_PERSONAS = ['donor', 'caseworker', 'reviewer', 'finance', 'org_admin', 'admin'] as const;
export type DemoPersona = (typeof DEMO_PERSONAS)[number];
export const DEMO_PERSONA_LABELS: Record<DemoPersona, string> = {
  donor: '爱心人士',
  caseworker: '儿童主任（村）',
  reviewer: '儿童督导员（镇）',
  finance: '机构财务',
  org_admin: '机构管理员',
  admin: '平台管理员',
};

/** Mainland China mobile numbers. */
export const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const SMS_CODE_LENGTH = 6;

/** Paging of public lists. */
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 50;

/** Public ids: 12 random bytes, base64url — 16 characters, 96 bits. */
export const PUBLIC_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/**
 * How long a donor has to get a claimed wish to the hand-over point, by urgency: red 48 hours,
 * orange 3 days, yellow 7 days, blue 14 days.
 */
export const CLAIM_DEADLINE_HOURS: Record<UrgencyLevel, number> = {
  red: 48,
  orange: 72,
  yellow: 168,
  blue: 336,
};
/** Reminders before a claim's deadline, in hours. */
export const CLAIM_REMINDER_HOURS = [24, 2] as const;
/** Anti-hoarding: how many claims a donor may hold at once (the server's default; configurable). */
export const CLAIMS_MAX_ACTIVE_DEFAULT = 5;

/**
 * Where a claim stands. A claim is active (holds its shares and counts against the donor's limit)
 * until the item is handed over, or until it ends early: withdrawn by the donor or released as
 * overdue by the sweeper.
 */
export const CLAIM_STAGES = [
  'claimed',
  'purchased',
  'shipped',
  'problem',
  'received',
  'handed_over',
  'thanked',
  'confirmed',
  'withdrawn',
  'overdue',
] as const;
export type ClaimStage = (typeof CLAIM_STAGES)[number];
export const CLAIM_STAGE_LABELS: Record<ClaimStage, string> = {
  claimed: '已认领',
  purchased: '已购买',
  shipped: '已寄出',
  problem: '签收有问题',
  received: '已签收',
  handed_over: '已转交',
  thanked: '已收到感谢',
  confirmed: '已完成',
  withdrawn: '已退出认领',
  overdue: '超时已释放',
};
export const ACTIVE_CLAIM_STAGES = ['claimed', 'purchased', 'shipped', 'problem', 'received'] as const;
/** Claims the sweeper releases when their deadline passes (nothing is on its way yet). */
export const OVERDUE_CLAIM_STAGES = ['claimed', 'purchased'] as const;

/** How the gift travels to the hand-over point. */
export const SHIPPING_MODES = ['post', 'in_person'] as const;
export type ShippingMode = (typeof SHIPPING_MODES)[number];
export const SHIPPING_MODE_LABELS: Record<ShippingMode, string> = {
  post: '快递寄出',
  in_person: '亲自送到',
};

/** What the caseworker found when the gift arrived. */
export const RECEIVED_CONDITIONS = ['good', 'damaged', 'wrong_item', 'short'] as const;
export type ReceivedCondition = (typeof RECEIVED_CONDITIONS)[number];
export const RECEIVED_CONDITION_LABELS: Record<ReceivedCondition, string> = {
  good: '完好',
  damaged: '有损坏',
  wrong_item: '和心愿不符',
  short: '数量不够',
};

/** Photos of one hand-over: at least one, at most six. */
export const HANDOVER_PHOTOS_MIN = 1;
export const HANDOVER_PHOTOS_MAX = 6;

/** What a photo is for; who may see it follows from this. */
export const MEDIA_PURPOSES = ['receipt', 'handover', 'thank_you', 'consent'] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];
/** WeChat's verdict on a photo; `unchecked` when the check is not configured. */
export const MEDIA_CHECKS = ['pending', 'pass', 'review', 'risky', 'unchecked'] as const;
export type MediaCheck = (typeof MEDIA_CHECKS)[number];
/** Upload limits: the file's bytes and its decoded pixels (a 50 000 × 50 000 PNG is refused). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
export const MEDIA_MAX_PIXELS = 40_000_000;

/** What the in-app inbox tells people. */
export const NOTIFICATION_KINDS = [
  'claim_confirmed',
  'deadline_24h',
  'deadline_2h',
  'claim_released',
  'claim_withdrawn',
  'item_shipped',
  'item_received',
  'item_problem',
  'handed_over',
  'thank_you',
  'donation_received',
  'donation_refunded',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
