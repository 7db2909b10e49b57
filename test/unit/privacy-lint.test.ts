import { describe, expect, it } from 'vitest';
import {
  hasBlockingFindings,
  lintPublicText,
  type PrivacyContext,
  type PrivacyFinding,
} from '../../shared/privacy-lint';

/** GB 11643 check character, written out independently of the linter. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** The same ID with a different (wrong) last character. */
function withWrongCheckDigit(id: string): string {
  const last = id.charAt(17) === '1' ? '2' : '1';
  return id.slice(0, 17) + last;
}

const span = (f: PrivacyFinding) => ({
  kind: f.kind,
  severity: f.severity,
  start: f.start,
  end: f.end,
  text: f.text,
});
const spans = (text: string, ctx?: PrivacyContext) => lintPublicText(text, ctx).map(span);
const kinds = (text: string, ctx?: PrivacyContext) =>
  lintPublicText(text, ctx).map((f) => [f.kind, f.severity]);

const FILE: PrivacyContext = { realName: '林小梅', guardianName: '林建国', school: '石桥镇中心小学' };

describe('resident ID numbers', () => {
  const standard = '11010519491231002X';
  const fujian = withCheckDigit('35052420150612004');
  const leapDay = withCheckDigit('44030620160229003');

  it('computes the standard example the same way as the linter', () => {
    expect(withCheckDigit('11010519491231002')).toBe(standard);
  });

  it('flags valid IDs as errors, with the exact span', () => {
    for (const id of [standard, fujian, leapDay]) {
      expect(spans(`身份证号${id}。`)).toEqual([
        { kind: 'id_number', severity: 'error', start: 4, end: 22, text: id },
      ]);
    }
  });

  it('sees through a lower-case x, a full-width Ｘ, full-width digits, spaces and zero-width characters', () => {
    expect(kinds('11010519491231002x')).toEqual([['id_number', 'error']]);
    expect(kinds('11010519491231002Ｘ')).toEqual([['id_number', 'error']]);
    const fullWidth = '１１０１０５１９４９１２３１００２Ｘ';
    expect(spans(fullWidth)).toEqual([
      { kind: 'id_number', severity: 'error', start: 0, end: 18, text: fullWidth },
    ]);
    expect(spans('号码 110105 19491231 002X 请核对')).toEqual([
      { kind: 'id_number', severity: 'error', start: 3, end: 23, text: '110105 19491231 002X' },
    ]);
    const hidden = '110105\u200b1949\u200d1231\ufeff002\u2060X';
    expect(spans(hidden)).toEqual([
      { kind: 'id_number', severity: 'error', start: 0, end: 22, text: hidden },
    ]);
  });

  it('warns (does not block) on a wrong check digit, the old 15-digit form and other long digit runs', () => {
    expect(kinds(withWrongCheckDigit(standard))).toEqual([['id_number', 'warning']]);
    expect(kinds(withWrongCheckDigit(fujian))).toEqual([['id_number', 'warning']]);
    expect(kinds('110105491231002')).toEqual([['id_number', 'warning']]);
    expect(kinds('卡号 6222 0212 3456 7890 123')).toEqual([['id_number', 'warning']]);
    // A valid check digit but no such birth date is not an ID — still a suspicious long run.
    expect(kinds(withCheckDigit('11010520150230001'))).toEqual([['id_number', 'warning']]);
    expect(hasBlockingFindings(lintPublicText(withWrongCheckDigit(standard)))).toBe(false);
  });
});

describe('mobile numbers', () => {
  it('finds a mobile embedded in Chinese text with no spaces', () => {
    expect(spans('电话13812345678联系')).toEqual([
      { kind: 'mobile', severity: 'error', start: 2, end: 13, text: '13812345678' },
    ]);
  });

  it('includes a +86 / 86 prefix in the span', () => {
    expect(spans('我的手机是 +86 138 1234 5678。')).toEqual([
      { kind: 'mobile', severity: 'error', start: 6, end: 23, text: '+86 138 1234 5678' },
    ]);
    expect(spans('+8613812345678')).toEqual([
      { kind: 'mobile', severity: 'error', start: 0, end: 14, text: '+8613812345678' },
    ]);
    expect(spans('86-138-1234-5678')).toEqual([
      { kind: 'mobile', severity: 'error', start: 0, end: 16, text: '86-138-1234-5678' },
    ]);
  });

  it('sees through full-width digits, spaces, hyphens, dots and zero-width characters', () => {
    const fullWidth = '手机１３８１２３４５６７８';
    expect(spans(fullWidth)).toEqual([
      { kind: 'mobile', severity: 'error', start: 2, end: 13, text: '１３８１２３４５６７８' },
    ]);
    expect(spans('138 1234 5678')[0]?.text).toBe('138 1234 5678');
    expect(spans('138-1234-5678')[0]?.text).toBe('138-1234-5678');
    expect(spans('138.1234.5678')[0]?.text).toBe('138.1234.5678');
    const hidden = '打138\u200b1234\u200b5678';
    expect(spans(hidden)).toEqual([
      { kind: 'mobile', severity: 'error', start: 1, end: 14, text: '138\u200b1234\u200b5678' },
    ]);
  });

  it('finds two numbers side by side as two findings', () => {
    expect(spans('13812345678 13912345678').map((f) => [f.start, f.end])).toEqual([
      [0, 11],
      [12, 23],
    ]);
  });
});

describe('landlines', () => {
  it.each([
    ['0595-22345678', '0595-22345678'],
    ['电话(0595)2234567', '(0595)2234567'],
    ['座机（0595）22345678', '（0595）22345678'],
    ['010 12345678', '010 12345678'],
    ['0595 2234 5678', '0595 2234 5678'],
    ['村委会０５９５－２２３４５６７', '０５９５－２２３４５６７'],
  ])('flags %s', (text, found) => {
    expect(spans(text)).toEqual([
      { kind: 'landline', severity: 'error', start: text.indexOf(found), end: text.length, text: found },
    ]);
  });

  it('warns on a bare 7–8 digit number only after a word like 电话/座机/联系', () => {
    expect(spans('座机：2234567')).toEqual([
      { kind: 'landline', severity: 'warning', start: 3, end: 10, text: '2234567' },
    ]);
    expect(kinds('联系电话 22345678')).toEqual([['landline', 'warning']]);
    expect(kinds('编号 22345678')).toEqual([]);
    expect(kinds('联系时间 2026-01-15')).toEqual([]);
  });
});

describe('ordinary numbers are left alone', () => {
  it.each([
    '预算 98000 元',
    '康复训练课 10 次',
    '2026年冬天',
    '孩子今年 8 岁',
    '2026-01-15 到 2026-02-28',
    '3.5 斤',
    '鞋码 35，衣服 140',
    '坐 2 路公交车',
    '地铁2号线',
    '数学第3单元',
    '一栋两层的房子',
    '3室1厅',
  ])('%s', (text) => {
    expect(lintPublicText(text)).toEqual([]);
  });
});

describe('names from the file', () => {
  it('finds the full name and the given name without the surname', () => {
    expect(spans('林小梅想要一个书包', FILE)).toEqual([
      { kind: 'real_name', severity: 'error', start: 0, end: 3, text: '林小梅' },
    ]);
    expect(spans('送给小梅的书包', FILE)).toEqual([
      { kind: 'real_name', severity: 'error', start: 2, end: 4, text: '小梅' },
    ]);
    expect(spans('奶奶和林建国一起照顾孩子', FILE)).toEqual([
      { kind: 'guardian_name', severity: 'error', start: 3, end: 6, text: '林建国' },
    ]);
    expect(kinds('建国带着孩子', FILE)).toEqual([['guardian_name', 'error']]);
  });

  it('ignores spaces and zero-width characters inside the name; the span covers them', () => {
    const text = '林 小\u200b梅想要';
    expect(spans(text, FILE)).toEqual([
      { kind: 'real_name', severity: 'error', start: 0, end: 5, text: '林 小\u200b梅' },
    ]);
  });

  it('splits compound surnames correctly', () => {
    expect(spans('小光的书包', { realName: '司马小光' })).toEqual([
      { kind: 'real_name', severity: 'error', start: 0, end: 2, text: '小光' },
    ]);
    expect(kinds('欧阳娜娜和娜娜', { realName: '欧阳娜娜' })).toEqual([
      ['real_name', 'error'],
      ['real_name', 'error'],
    ]);
    // 司马光 → given name 光 (one character, not used); 马光 is not a part of the name.
    expect(kinds('马光', { realName: '司马光' })).toEqual([]);
    expect(kinds('司马光', { realName: '司马光' })).toEqual([['real_name', 'error']]);
  });

  it('does not use one-character given names alone', () => {
    expect(kinds('想要梅花图案的书包', { realName: '林梅' })).toEqual([]);
    expect(kinds('林梅想要书包', { realName: '林梅' })).toEqual([['real_name', 'error']]);
  });

  it('matches Latin names case-insensitively, as whole words', () => {
    expect(spans('ANNA LI wants a bike', { realName: 'Anna Li' })).toEqual([
      { kind: 'real_name', severity: 'error', start: 0, end: 7, text: 'ANNA LI' },
    ]);
    expect(kinds('Anna Lily', { realName: 'Anna Li' })).toEqual([]);
  });

  it('checks each part of a name written with a middle dot', () => {
    expect(kinds('热合曼想要足球', { realName: '阿卜杜·热合曼' })).toEqual([['real_name', 'error']]);
  });

  it('ignores an empty context', () => {
    expect(lintPublicText('小梅', { realName: '', guardianName: null, school: undefined })).toEqual([]);
  });
});

describe('schools', () => {
  it('finds the file school by full name and by its distinctive part', () => {
    expect(spans('在石桥镇中心小学读书', FILE)).toEqual([
      { kind: 'school', severity: 'error', start: 1, end: 8, text: '石桥镇中心小学' },
    ]);
    expect(spans('石桥镇中心校的老师', FILE)).toEqual([
      { kind: 'school', severity: 'error', start: 0, end: 5, text: '石桥镇中心' },
    ]);
  });

  it('does not shorten a school name below 3 characters', () => {
    expect(kinds('石桥的风景很好', { school: '石桥小学' })).toEqual([]);
    expect(kinds('石桥小学', { school: '石桥小学' })).toEqual([['school', 'error']]);
  });

  it('warns (does not block) on any named school', () => {
    expect(spans('今年9月上龙门小学')).toEqual([
      { kind: 'school', severity: 'warning', start: 5, end: 9, text: '龙门小学' },
    ]);
    expect(kinds('在第三中学读书')).toEqual([['school', 'warning']]);
    expect(kinds('石桥镇学校')).toEqual([['school', 'warning']]);
    expect(hasBlockingFindings(lintPublicText('在龙门小学读书'))).toBe(false);
  });

  it.each([
    '今年上小学',
    '明年读小学',
    '想参加学校运动会',
    '村里的小学很远',
    '附近小学',
    '考上高中',
    '努力提高中文水平',
    '大小学习用品',
    '在学校里',
    '读完小说',
    '上幼儿园',
  ])('does not flag %s', (text) => {
    expect(lintPublicText(text)).toEqual([]);
  });

  it.each([
    ['三年级二班'],
    ['3年级2班'],
    ['三年级 (2) 班'],
    ['初二(3)班'],
    ['初二（3）班'],
    ['高一3班'],
    ['五年级3班'],
    ['三（2）班'],
    ['３年级２班'],
  ])('flags the class in %s', (text) => {
    expect(spans(`她在${text}。`)).toEqual([
      { kind: 'school_class', severity: 'error', start: 2, end: 2 + text.length, text },
    ]);
  });

  it('leaves a grade without a class alone', () => {
    expect(lintPublicText('今年上五年级')).toEqual([]);
    expect(lintPublicText('三年级的孩子')).toEqual([]);
    expect(lintPublicText('初三班主任')).toEqual([]);
  });
});

describe('addresses', () => {
  it.each([
    ['家住人民路12号', '人民路12号'],
    ['幸福街3-2号', '幸福街3-2号'],
    ['住在幸福小区3号楼', '3号楼'],
    ['2单元302室', '2单元302室'],
    ['5栋302号', '5栋302号'],
    ['家住石桥村3组', '石桥村3组'],
    ['家住石桥村三组', '石桥村三组'],
    ['二社15号', '二社15号'],
    ['门牌12号', '门牌12号'],
    ['门牌号：１２', '门牌号：１２'],
  ])('flags %s', (text, found) => {
    expect(spans(text)).toEqual([
      { kind: 'address', severity: 'error', start: text.indexOf(found), end: text.length, text: found },
    ]);
  });

  it('merges the parts of one address into one span', () => {
    expect(spans('石桥村3组15号')).toEqual([
      { kind: 'address', severity: 'error', start: 0, end: 8, text: '石桥村3组15号' },
    ]);
  });

  it.each(['村口', '村里', '村小', '县城科技馆', '回老家'])('does not flag %s', (text) => {
    expect(lintPublicText(text)).toEqual([]);
  });
});

describe('lintPublicText', () => {
  it('returns [] for empty text', () => {
    expect(lintPublicText('')).toEqual([]);
    expect(lintPublicText('', FILE)).toEqual([]);
  });

  it('finds nothing in harmless real-looking wish texts, even with a file context', () => {
    const harmless = [
      '一辆轻便轮椅，想自己去村口看看',
      '康复训练课 10 次',
      '想要一套《十万个为什么》',
      '去县城科技馆参观一天',
      '一双合脚的运动鞋，想参加学校运动会',
      '一台二手电脑，上网课用',
      '回老家看看外婆的车票',
      '2026年冬天要穿的羽绒服，预算 320 元',
      '孩子今年上五年级，喜欢画画，想要一盒 36 色的水彩笔',
      '奶奶腿脚不好，想要一台电暖器，冬天屋里太冷',
      '一个新书包和 2 本字典，开学用',
      '去市里医院复查的路费，往返 2 次',
    ];
    for (const text of harmless) expect([text, lintPublicText(text, FILE)]).toEqual([text, []]);
  });

  it('returns several findings sorted by start, with text equal to the original slice', () => {
    const text = '林小梅在石桥镇中心小学三年级二班，家住石桥村3组，电话13812345678';
    const found = lintPublicText(text, FILE);
    expect(found.map((f) => f.kind)).toEqual(['real_name', 'school', 'school_class', 'address', 'mobile']);
    for (const f of found) expect(f.text).toBe(text.slice(f.start, f.end));
    expect(found.map((f) => f.start)).toEqual([...found.map((f) => f.start)].sort((a, b) => a - b));
    expect(hasBlockingFindings(found)).toBe(true);
  });

  it('reports one finding when the file school is also a named school', () => {
    expect(spans('石桥镇中心小学', FILE)).toEqual([
      { kind: 'school', severity: 'error', start: 0, end: 7, text: '石桥镇中心小学' },
    ]);
  });

  it('gives every finding a Chinese message', () => {
    const text = '林小梅 11010519491231002X 13812345678 0595-2234567 三年级二班 人民路12号 龙门小学';
    for (const f of lintPublicText(text, FILE)) expect(f.message).toMatch(/[\u4e00-\u9fff]{4}/);
  });

  it('stays fast on long and hostile input', () => {
    const inputs = [
      '林小梅住在人民路12号，电话13812345678，在石桥镇中心小学三年级二班。'.repeat(500),
      '三年级' + ' '.repeat(20_000) + '班',
      '门牌' + ' '.repeat(20_000),
      '1 '.repeat(10_000),
      '路'.repeat(20_000),
      '1x'.repeat(10_000),
    ];
    const t0 = performance.now();
    for (const text of inputs) lintPublicText(text, FILE);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('hasBlockingFindings', () => {
  it('is true only when an error is present', () => {
    expect(hasBlockingFindings([])).toBe(false);
    expect(hasBlockingFindings(lintPublicText('座机：2234567'))).toBe(false);
    expect(hasBlockingFindings(lintPublicText('电话13812345678'))).toBe(true);
  });
});
