import type { NotificationKind } from '../../../shared/constants';

/**
 * WeChat subscription messages: which template a notification is pushed with, and how the
 * template's keywords are filled. A pushed message is seen outside the app (lock screen, chat
 * list), so it says less than the inbox: the wish's public title, a date, the hand-over site
 * and fixed short words — never the child, never free text someone typed.
 */

/** The three templates the mini-program uses, configured as WECHAT_TEMPLATE_CLAIM/PROGRESS/REMINDER. */
export type PushPurpose = 'claim' | 'progress' | 'reminder';

export function pushPurpose(kind: NotificationKind): PushPurpose {
  switch (kind) {
    case 'claim_confirmed':
      return 'claim';
    case 'deadline_24h':
    case 'deadline_2h':
      return 'reminder';
    default:
      return 'progress';
  }
}

/** Everything a push may be built from. The builder sees nothing else, so it can say nothing else. */
export interface PushFacts {
  kind: NotificationKind;
  /** The wish's public title (it passed the privacy check before it was published). */
  wishTitle: string;
  /** The claim's deadline, epoch ms; null when the notice concerns no claim. */
  deadlineAt: number | null;
  /** The hand-over site's name (a public place the claiming donor is shown anyway). */
  siteName: string | null;
}

/** WeChat's keyword types used here, and their documented limits. */
type KeywordType = 'thing' | 'time' | 'phrase';
/** thing: at most 20 characters; phrase: at most 5 Chinese characters only. */
export const THING_MAX_CHARS = 20;
export const PHRASE_MAX_CHARS = 5;

/** The short status word (phrase, ≤ 5 汉字) and the explanation (thing, ≤ 20 characters) of each kind. */
const WORDS = {
  claim_confirmed: { phrase: '认领成功', note: '请在截止时间前送达' },
  deadline_24h: { phrase: '即将到期', note: '认领不到24小时到期，请尽快送达' },
  deadline_2h: { phrase: '即将到期', note: '认领不到2小时到期，来不及可退出' },
  claim_released: { phrase: '认领超时', note: '心愿已回到心愿池' },
  claim_withdrawn: { phrase: '已退出认领', note: '心愿已回到心愿池' },
  item_shipped: { phrase: '在路上', note: '礼物在路上了，请留意签收' },
  item_received: { phrase: '已签收', note: '转交点已收到礼物，谢谢你' },
  item_problem: { phrase: '签收有问题', note: '请打开小程序查看详情' },
  handed_over: { phrase: '已转交', note: '礼物已交到孩子手中' },
  thank_you: { phrase: '收到感谢', note: '收到一封感谢信' },
  donation_received: { phrase: '捐赠到账', note: '捐款已到账，可查看收据' },
  donation_refunded: { phrase: '已退款', note: '捐款已原路退回' },
} as const satisfies Record<NotificationKind, { phrase: string; note: string }>;

const deadline = (f: PushFacts) => (f.deadlineAt === null ? null : wechatTime(f.deadlineAt));

interface Keyword {
  /** The keyword's name in the template, as the mini-program console shows it. */
  label: string;
  fill: (f: PushFacts) => string | null;
}

/**
 * The keywords of each template — the one table to match when choosing templates in the
 * mini-program console (公共模板库): the key (`thing1`, `time2` …) and its type must be the
 * template's own. Documented in the README's configuration section.
 */
export const PUSH_TEMPLATES: Record<PushPurpose, Record<string, Keyword>> = {
  claim: {
    thing1: { label: '心愿', fill: (f) => f.wishTitle },
    time2: { label: '截止时间', fill: deadline },
    thing3: { label: '送达地点', fill: (f) => f.siteName ?? '转交点' },
  },
  progress: {
    thing1: { label: '心愿', fill: (f) => f.wishTitle },
    phrase2: { label: '进度', fill: (f) => WORDS[f.kind].phrase },
    thing3: { label: '说明', fill: (f) => WORDS[f.kind].note },
  },
  reminder: {
    thing1: { label: '心愿', fill: (f) => f.wishTitle },
    time2: { label: '截止时间', fill: deadline },
    thing3: { label: '提示', fill: (f) => WORDS[f.kind].note },
  },
};

/**
 * The `data` of the subscription message for `facts`, every value within its keyword type's
 * limits; null when a keyword has nothing to say (a deadline notice without a claim): then
 * nothing is pushed.
 */
export function pushTemplateData(
  purpose: PushPurpose,
  facts: PushFacts,
): Record<string, { value: string }> | null {
  const data: Record<string, { value: string }> = {};
  for (const [key, keyword] of Object.entries(PUSH_TEMPLATES[purpose])) {
    const raw = keyword.fill(facts);
    const value = raw ? fitKeyword(keywordType(key), raw) : null;
    if (!value) return null;
    data[key] = { value };
  }
  return data;
}

function keywordType(key: string): KeywordType {
  const type = key.replace(/\d+$/, '');
  if (type === 'thing' || type === 'time' || type === 'phrase') return type;
  throw new Error(`push template keyword ${key} has no known type`);
}

/** A value cut to what WeChat accepts for its type (an over-long value fails the whole message: 47003). */
function fitKeyword(type: KeywordType, raw: string): string | null {
  // Line breaks become spaces; control and zero-width characters would count and show as nothing.
  const text = raw
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  const chars = Array.from(text);
  switch (type) {
    case 'thing':
      return chars.length <= THING_MAX_CHARS ? text : `${chars.slice(0, THING_MAX_CHARS - 1).join('')}…`;
    case 'phrase':
      return chars.length <= PHRASE_MAX_CHARS && /^\p{Script=Han}+$/u.test(text) ? text : null;
    case 'time':
      return text;
  }
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** WeChat's `time` format in China time: `2026年3月5日 14:30`. */
export function wechatTime(ms: number): string {
  const t = new Date(ms + CHINA_OFFSET_MS);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${hh}:${mm}`;
}
