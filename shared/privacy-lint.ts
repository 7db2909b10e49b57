/**
 * Privacy linter for public text about a child (wish title, description, story). It points at the
 * exact span (UTF-16 offsets into the text as typed) so the form can highlight it while the
 * caseworker types, and the server refuses the same findings again on submit.
 *
 * Catches:
 * - resident ID numbers (18 digits with a valid MOD 11-2 check digit, a province code and a real
 *   birth date → error; the same shape with a wrong check digit, the old 15-digit form, and any
 *   other run of 15+ digits → warning: a typo'd ID or a bank card number is still personal data,
 *   but we cannot be sure enough to block);
 * - mainland mobiles (optionally +86 / 86 / 0086) and landlines with an area code → error;
 *   a bare 7–8 digit number right after 电话/座机/联系… → warning;
 * - the file's child and guardian names (full name, and the given name of 2+ characters), and the
 *   file's school (full name, and the name minus 小学/中学/… when 3+ characters remain) → error;
 * - grade + class (三年级二班, 初二(3)班) → error; a named school (石桥小学) → warning;
 * - street and village addresses (人民路12号, 3号楼, 2单元302室, 石桥村3组, 门牌12号) → error.
 * Digits are seen through full-width forms, spaces/hyphens/dots between them and invisible
 * characters; names ignore spaces and invisible characters inside them.
 *
 * Does not catch: nicknames (梅梅), names not in the file, WeChat/QQ ids, photos, or a place
 * described in words ("村口第二家"). Ordinary numbers (prices, counts, years, ages) are left alone.
 * No dependencies, no regex that can backtrack badly: it runs on every keystroke.
 */

export type PrivacyFindingKind =
  'id_number' | 'mobile' | 'landline' | 'real_name' | 'guardian_name' | 'school' | 'school_class' | 'address';

export interface PrivacyFinding {
  kind: PrivacyFindingKind;
  /** `error` blocks submission; `warning` is shown but allowed. */
  severity: 'error' | 'warning';
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  /** What the caseworker should do, in Simplified Chinese. */
  message: string;
}

export interface PrivacyContext {
  realName?: string | null;
  guardianName?: string | null;
  school?: string | null;
}

const MSG = {
  id: '这里像是身份证号，请删除，公开内容不能出现证件号码',
  idTypo: '这里像是身份证号（可能写错了一位），请删除，公开内容不能出现证件号码',
  idOld: '这里像是旧的15位身份证号，请删除，公开内容不能出现证件号码',
  longDigits: '这一长串数字像是证件号或银行卡号，如果是，请删除',
  mobile: '这里像是手机号，请删除，公开内容不能留联系方式',
  landline: '这里像是固定电话，请删除，公开内容不能留联系方式',
  bareLandline: '这里可能是电话号码，如果是，请删除，公开内容不能留联系方式',
  realName: '这里出现了孩子的真实姓名，请删除，改用“孩子”“小朋友”等称呼',
  guardianName: '这里出现了监护人的真实姓名，请删除，改用“奶奶”“爸爸”等称呼',
  school: '这里出现了孩子就读的学校，请删除，可以改成“村里的小学”这样的说法',
  namedSchool: '这里像是具体的学校名称，如果是孩子就读的学校，请改成“镇上的小学”这样的说法',
  schoolClass: '这里写了具体的班级，请删除班级，只写“上三年级”这样的说法',
  address: '这里像是具体地址，请删除门牌号、楼栋、组号等，只写“村里”“镇上”这样的说法',
} as const;

// ---------------------------------------------------------------------------------------------
// Scratch strings: a normalized copy of the text plus, for each of its characters, the index of
// the character it came from in the original. Every match is found in the scratch string and
// reported through the map, so spans always point into what the caseworker typed.

interface Scratch {
  s: string;
  map: number[];
}

function isInvisible(c: number): boolean {
  // Same set the text schemas refuse: soft hyphen, zero-width, bidi controls, word joiner, BOM.
  return (
    c === 0x00ad ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

/** Drops invisible characters; full-width ASCII (０-９, Ｘ, （）, －) and U+3000 become ASCII. */
function normalize(text: string): Scratch {
  const chars: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInvisible(c)) continue;
    if (c >= 0xff01 && c <= 0xff5e) chars.push(String.fromCharCode(c - 0xfee0));
    else if (c === 0x3000) chars.push(' ');
    else chars.push(text.charAt(i));
    map.push(i);
  }
  return { s: chars.join(''), map };
}

/** The normalized text without whitespace, Latin lower-cased, for names. */
interface Squeezed extends Scratch {
  /** For each character, its index in the normalized scratch string. */
  toNorm: number[];
}

function squeeze(n: Scratch): Squeezed {
  const chars: string[] = [];
  const map: number[] = [];
  const toNorm: number[] = [];
  for (let i = 0; i < n.s.length; i++) {
    const ch = n.s.charAt(i);
    if (/\s/.test(ch)) continue;
    const lower = ch.toLowerCase();
    chars.push(lower.length === 1 ? lower : ch);
    map.push(n.map[i] ?? 0);
    toNorm.push(i);
  }
  return { s: chars.join(''), map, toNorm };
}

function squeezeNeedle(value: string): string {
  return squeeze(normalize(value)).s;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const isAsciiAlnum = (ch: string | undefined) => ch !== undefined && /[0-9A-Za-z]/.test(ch);
const isCjk = (ch: string | undefined) =>
  ch !== undefined && ((ch >= '\u4e00' && ch <= '\u9fff') || (ch >= '\u3400' && ch <= '\u4dbf'));

class Collector {
  readonly found: PrivacyFinding[] = [];
  constructor(private readonly text: string) {}

  /** Records a finding for scratch range [from, to) of `sc`. */
  add(
    sc: Scratch,
    from: number,
    to: number,
    kind: PrivacyFindingKind,
    severity: 'error' | 'warning',
    message: string,
  ) {
    const start = sc.map[from];
    const last = sc.map[to - 1];
    if (start === undefined || last === undefined || to <= from) return;
    const end = last + 1;
    this.found.push({ kind, severity, start, end, text: this.text.slice(start, end), message });
  }
}

// ---------------------------------------------------------------------------------------------
// Digit runs: ID numbers and phones.

/** Characters that may sit between the digits of one number ("138 1234 5678", "0595-2234567"). */
const DIGIT_SEPARATORS = new Set([' ', '\t', '-', '.', '_', '(', ')', '\u00b7', '\u30fb', '\u2212']);
for (let c = 0x2010; c <= 0x2015; c++) DIGIT_SEPARATORS.add(String.fromCharCode(c));
const MAX_SEPARATORS = 3;

interface DigitGroup {
  digits: string;
  /** Scratch index of the first and last character. */
  first: number;
  last: number;
}

/** Splits the scratch string into tokens: digit groups joined by short separator runs. */
function digitTokens(s: string): DigitGroup[][] {
  const tokens: DigitGroup[][] = [];
  let i = 0;
  while (i < s.length) {
    if (!isDigit(s[i])) {
      i++;
      continue;
    }
    const groups: DigitGroup[] = [];
    for (;;) {
      const first = i;
      while (isDigit(s[i])) i++;
      let digits = s.slice(first, i);
      // An ID number's check character X ends the number, unless it is part of a word ("3x5", "2XL").
      let endsWithX = false;
      if ((s[i] === 'X' || s[i] === 'x') && !isAsciiAlnum(s[i + 1])) {
        digits += 'X';
        i++;
        endsWithX = true;
      }
      groups.push({ digits, first, last: i - 1 });
      if (endsWithX) break;
      let j = i;
      while (j < s.length && j - i < MAX_SEPARATORS && DIGIT_SEPARATORS.has(s.charAt(j))) j++;
      if (j > i && isDigit(s[j])) i = j;
      else break;
    }
    tokens.push(groups);
  }
  return tokens;
}

const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID number. */
function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17.charAt(k)) * (ID_WEIGHTS[k] ?? 0);
  return ID_CHECK.charAt(sum % 11);
}

function isPlausibleBirthDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > new Date().getFullYear() || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isPlausibleDate8(d: string): boolean {
  return isPlausibleBirthDate(Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8)));
}

interface Shape {
  kind: PrivacyFindingKind;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * What a run of digits (joined groups, maybe ending in X) is, if it is anything we care about.
 * Only a checksum-valid ID with a real birth date blocks: a random 18-digit run passes the checksum
 * one time in eleven. A wrong check digit or the old 15-digit form is most likely a typo'd or old
 * ID — still personal data, so it warns; so does any other run of 15+ digits (bank cards).
 */
function classifyDigits(d: string): Shape | null {
  const n = d.length;
  if (
    n === 18 &&
    /^\d{17}[\dX]$/.test(d) &&
    PROVINCES.has(d.slice(0, 2)) &&
    isPlausibleDate8(d.slice(6, 14))
  ) {
    return idCheckCharacter(d) === d.charAt(17)
      ? { kind: 'id_number', severity: 'error', message: MSG.id }
      : { kind: 'id_number', severity: 'warning', message: MSG.idTypo };
  }
  if (d.endsWith('X')) return null;
  if (n === 15 && PROVINCES.has(d.slice(0, 2)) && isPlausibleDate8(`19${d.slice(6, 12)}`)) {
    return { kind: 'id_number', severity: 'warning', message: MSG.idOld };
  }
  if (/^(?:0086|86)?1[3-9]\d{9}$/.test(d)) return { kind: 'mobile', severity: 'error', message: MSG.mobile };
  // Area code 010 / 02x with an 8-digit number, or 0xxx with 7–8 digits.
  if (/^0(?:10|2\d)\d{8}$/.test(d) || /^0[3-9]\d\d\d{7,8}$/.test(d)) {
    return { kind: 'landline', severity: 'error', message: MSG.landline };
  }
  return null;
}

const PHONE_WORD = /(?:电话|座机|手机|联系|号码|热线|致电|拨打|tel|phone)[^0-9]{0,3}$/i;
/** The longest run of joined digit groups worth classifying (a 0086 mobile is 15, an ID 18). */
const MAX_RUN = 19;

function lintDigits(sc: Scratch, out: Collector) {
  const s = sc.s;
  for (const groups of digitTokens(s)) {
    let foundInToken = false;
    let i = 0;
    while (i < groups.length) {
      let best: { j: number; shape: Shape } | null = null;
      let run = '';
      for (let j = i; j < groups.length; j++) {
        run += groups[j]?.digits ?? '';
        if (run.length > MAX_RUN) break;
        const shape = classifyDigits(run);
        if (shape) best = { j, shape };
      }
      const head = groups[i];
      const tail = best ? groups[best.j] : undefined;
      if (!best || !head || !tail) {
        i++;
        continue;
      }
      let from = head.first;
      if (best.shape.kind === 'mobile' && s[from - 1] === '+') from--;
      const opened = s[from - 1] === '(' && s.slice(from, tail.last).includes(')');
      if (best.shape.kind === 'landline' && opened) from--; // (0595)2234567
      out.add(sc, from, tail.last + 1, best.shape.kind, best.shape.severity, best.shape.message);
      foundInToken = true;
      i = best.j + 1;
    }
    if (foundInToken) continue;
    const head = groups[0];
    const tail = groups[groups.length - 1];
    if (!head || !tail) continue;
    const all = groups.map((g) => g.digits).join('');
    const digitCount = all.replace('X', '').length;
    if (digitCount >= 15) {
      out.add(sc, head.first, tail.last + 1, 'id_number', 'warning', MSG.longDigits);
    } else if (
      (digitCount === 7 || digitCount === 8) &&
      /^[2-9]\d+$/.test(all) &&
      !(digitCount === 8 && isPlausibleDate8(all)) &&
      PHONE_WORD.test(s.slice(Math.max(0, head.first - 8), head.first))
    ) {
      out.add(sc, head.first, tail.last + 1, 'landline', 'warning', MSG.bareLandline);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names and the file's school: literal needles, matched in the squeezed scratch string.

const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 长孙 夏侯 司徒 公孙'.split(' '),
);

/** The full name, and the given name without the surname when it has 2+ characters. */
function nameNeedles(name: string): string[] {
  const full = squeezeNeedle(name);
  if (full.length < 2) return [];
  const needles = [full];
  const parts = full.split(/[·•.]/).filter((p) => p.length >= 2);
  if (parts.length > 1) {
    // Names like 阿卜杜·热合曼: each part on its own is identifying too.
    needles.push(...parts);
  } else if (/^[\u4e00-\u9fff\u3400-\u4dbf]+$/.test(full)) {
    const surname = COMPOUND_SURNAMES.has(full.slice(0, 2)) ? 2 : 1;
    const given = full.slice(surname);
    if (given.length >= 2) needles.push(given);
  }
  return needles;
}

// Longest first: 石桥初级中学 → 石桥 (too short to use), not 石桥初级.
const SCHOOL_SUFFIXES =
  '九年一贯制学校 完全小学 初级中学 高级中学 幼儿园 学校 小学 中学 完小 初中 高中'.split(' ');

function schoolNeedles(school: string): string[] {
  const full = squeezeNeedle(school);
  if (full.length < 2) return [];
  const suffix = SCHOOL_SUFFIXES.find((x) => full.endsWith(x));
  const short = suffix ? full.slice(0, -suffix.length) : '';
  return short.length >= 3 ? [full, short] : [full];
}

function lintNeedles(
  sq: Squeezed,
  norm: string,
  needles: string[],
  kind: PrivacyFindingKind,
  message: string,
  out: Collector,
) {
  for (const needle of needles) {
    const latinStart = isAsciiAlnum(needle[0]);
    const latinEnd = isAsciiAlnum(needle[needle.length - 1]);
    for (let at = sq.s.indexOf(needle); at >= 0; at = sq.s.indexOf(needle, at + 1)) {
      // Latin names must be whole words: "Li" is not in "Lily".
      const before = norm.charAt((sq.toNorm[at] ?? 0) - 1);
      const after = norm.charAt((sq.toNorm[at + needle.length - 1] ?? -2) + 1);
      if ((latinStart && /[A-Za-z]/.test(before)) || (latinEnd && /[A-Za-z]/.test(after))) continue;
      out.add(sq, at, at + needle.length, kind, 'error', message);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Schools, classes and addresses: patterns over the normalized text.

/** Characters that end a place or school name when walking back from its suffix. */
const NAME_BOUNDARY = new Set(
  '在上读念去到的是和与及了从进入回往向于住这那个每我你他她它们也都就还要想给对把被让为所里考升转离'.split(
    '',
  ),
);
/** Words that make "<word>小学" a generic phrase rather than a school's name. */
const GENERIC_SCHOOL_WORDS = new Set(
  '附近 县城 县里 镇上 镇里 乡里 乡下 城里 市里 当地 本地 公办 民办 寄宿 寄宿制 普通 重点 最近 就近 乡村 农村 山区 山里 村小 全镇 全县 中心 一所 那所 这所'.split(
    ' ',
  ),
);
/** "学校" alone is too common ("参加学校运动会"): only a name ending like a place or a school type. */
const SCHOOL_NAME_ENDINGS = new Set('镇乡村县区市族验望心制育'.split(''));
const MAX_NAME = 8;

/** Start of the CJK name that ends just before `end`, stopping at boundary characters. */
function nameStart(s: string, end: number): number {
  let i = end;
  while (i > 0 && end - i < MAX_NAME && isCjk(s[i - 1]) && !NAME_BOUNDARY.has(s.charAt(i - 1))) i--;
  return i;
}

function lintSchools(sc: Scratch, out: Collector) {
  const s = sc.s;
  const re = /小学|中学|初中|高中|完小|学校|幼儿园/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const suffix = m[0];
    const at = m.index;
    const next = s.charAt(at + suffix.length);
    if ((suffix === '小学' || suffix === '中学') && (next === '习' || next === '会')) continue; // 大小学习
    if (suffix === '高中' && (next === '文' || s.charAt(at - 1) === '提')) continue; // 提高中文
    if (suffix === '完小' && (next === '说' || next === '了')) continue; // 读完小说
    const from = nameStart(s, at);
    const name = s.slice(from, at);
    if (name.length < 2 || GENERIC_SCHOOL_WORDS.has(name)) continue;
    if (suffix === '学校' && !SCHOOL_NAME_ENDINGS.has(name.charAt(name.length - 1))) continue;
    out.add(sc, from, at + suffix.length, 'school', 'warning', MSG.namedSchool);
  }
}

const CN_NUM = '[一二三四五六七八九十]';
const CLASS_PATTERNS = [
  // 三年级二班, 3年级(2)班, 初二3班, 初二（3）班, 高中一年级2班
  new RegExp(
    `(?:[一二三四五六七八九1-9]\\s*年级|[初高]中?\\s*[一二三1-3](?:\\s*年级)?)\\s*(?:\\(\\s*)?(?:\\d{1,2}|${CN_NUM}{1,3})\\s*(?:\\)\\s*)?班`,
    'g',
  ),
  // 三(2)班, 3(2)班
  /[一二三四五六七八九1-9]\s*\(\s*\d{1,2}\s*\)\s*班/g,
];

const ADDR_NUM = '(?:\\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})';
type Extend = 'place' | 'number' | 'none';
const ADDRESS_PATTERNS: { re: RegExp; extend: Extend }[] = [
  // 人民路12号, 幸福街3-2号 (not 2号线)
  {
    re: new RegExp(`(?:路|街|巷|大道|弄|胡同)\\s*${ADDR_NUM}(?:\\s*-\\s*\\d{1,4})?\\s*号(?!线)`, 'g'),
    extend: 'place',
  },
  // 3号楼
  { re: new RegExp(`${ADDR_NUM}\\s*号楼`, 'g'), extend: 'none' },
  // 5栋302号, 5幢302
  { re: new RegExp(`${ADDR_NUM}\\s*[栋幢]\\s*(?:\\d{1,5}\\s*[号室]|\\d{3,5})`, 'g'), extend: 'none' },
  // 2单元302室, 2单元302
  { re: new RegExp(`${ADDR_NUM}\\s*单元\\s*(?:\\d{1,5}\\s*室|\\d{3,5})`, 'g'), extend: 'none' },
  // 石桥村3组, 石桥村二社, 石桥村五队
  { re: new RegExp(`村\\s*(?:\\d{1,2}|${CN_NUM}{1,3})\\s*[组社队]`, 'g'), extend: 'place' },
  // 3组15号, 二社15号
  { re: /[组社队]\s*\d{1,4}\s*号/g, extend: 'number' },
  // 门牌12号, 门牌号：12
  { re: /门牌(?:号码?)?\s*(?:[:是为]\s*)?\d{1,5}\s*号?/g, extend: 'none' },
];

function lintPatterns(sc: Scratch, out: Collector) {
  const s = sc.s;
  for (const re of CLASS_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.add(sc, m.index, m.index + m[0].length, 'school_class', 'error', MSG.schoolClass);
    }
  }
  for (const { re, extend } of ADDRESS_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      let from = m.index;
      if (extend === 'place') from = nameStart(s, from);
      else if (extend === 'number') {
        while (from > 0 && m.index - from < 4 && /[0-9一二三四五六七八九十]/.test(s.charAt(from - 1))) from--;
      }
      out.add(sc, from, m.index + m[0].length, 'address', 'error', MSG.address);
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Sorted by start; a finding inside another at least as severe is dropped, and overlapping or
 * touching findings of the same kind are merged into one span.
 */
function settle(text: string, found: PrivacyFinding[]): PrivacyFinding[] {
  const rank = (f: PrivacyFinding) => (f.severity === 'error' ? 1 : 0);
  found.sort((a, b) => a.start - b.start || b.end - a.end || rank(b) - rank(a));
  const kept: PrivacyFinding[] = [];
  // Kept findings start at or before the current one, so these decide containment and merging.
  let maxEnd = -1;
  let maxErrorEnd = -1;
  const lastOfKind = new Map<PrivacyFindingKind, PrivacyFinding>();
  for (const f of found) {
    if (f.end <= (rank(f) ? maxErrorEnd : maxEnd)) continue;
    let k = lastOfKind.get(f.kind);
    if (k && f.start <= k.end) {
      k.end = Math.max(k.end, f.end);
      k.text = text.slice(k.start, k.end);
      if (rank(f) > rank(k)) {
        k.severity = f.severity;
        k.message = f.message;
      }
    } else {
      k = f;
      kept.push(k);
      lastOfKind.set(k.kind, k);
    }
    maxEnd = Math.max(maxEnd, k.end);
    if (rank(k)) maxErrorEnd = Math.max(maxErrorEnd, k.end);
  }
  return kept;
}

/** Personal data in public text, sorted by start. */
export function lintPublicText(text: string, ctx: PrivacyContext = {}): PrivacyFinding[] {
  if (!text) return [];
  const out = new Collector(text);
  const norm = normalize(text);
  lintDigits(norm, out);
  lintSchools(norm, out);
  lintPatterns(norm, out);

  const sq = squeeze(norm);
  if (ctx.realName) lintNeedles(sq, norm.s, nameNeedles(ctx.realName), 'real_name', MSG.realName, out);
  if (ctx.guardianName) {
    lintNeedles(sq, norm.s, nameNeedles(ctx.guardianName), 'guardian_name', MSG.guardianName, out);
  }
  if (ctx.school) lintNeedles(sq, norm.s, schoolNeedles(ctx.school), 'school', MSG.school, out);
  return settle(text, out.found);
}

/** True when any finding must block submission. */
export function hasBlockingFindings(findings: PrivacyFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
