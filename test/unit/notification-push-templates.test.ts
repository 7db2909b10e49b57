import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/constants';
import {
  PUSH_TEMPLATES,
  type PushFacts,
  pushPurpose,
  pushTemplateData,
  wechatTime,
} from '../../server/modules/notifications/push-templates';

const DEADLINE = Date.parse('2026-03-05T06:30:00Z'); // 14:30 in China

const facts = (kind: NotificationKind, over: Partial<PushFacts> = {}): PushFacts => ({
  kind,
  wishTitle: '一套水彩画笔和画本',
  deadlineAt: DEADLINE,
  siteName: '石桥镇社工站',
  ...over,
});

/** Every value WeChat would accept for its keyword type (the documented limits). */
function expectWithinLimits(data: Record<string, { value: string }>): void {
  for (const [key, { value }] of Object.entries(data)) {
    const chars = [...value];
    if (key.startsWith('thing')) expect(chars.length, key).toBeLessThanOrEqual(20);
    if (key.startsWith('phrase')) expect(value, key).toMatch(/^\p{Script=Han}{1,5}$/u);
    if (key.startsWith('time')) expect(value, key).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(value.trim().length, key).toBeGreaterThan(0);
  }
}

describe('push templates', () => {
  it('maps kinds to purposes: claim, reminder, everything else progress', () => {
    expect(pushPurpose('claim_confirmed')).toBe('claim');
    expect(pushPurpose('deadline_24h')).toBe('reminder');
    expect(pushPurpose('deadline_2h')).toBe('reminder');
    for (const kind of NOTIFICATION_KINDS.filter(
      (k) => !['claim_confirmed', 'deadline_24h', 'deadline_2h'].includes(k),
    )) {
      expect(pushPurpose(kind), kind).toBe('progress');
    }
  });

  it('has the documented keywords per template (README, configuration)', () => {
    const table = Object.fromEntries(
      Object.entries(PUSH_TEMPLATES).map(([purpose, keywords]) => [
        purpose,
        Object.fromEntries(Object.entries(keywords).map(([key, k]) => [key, k.label])),
      ]),
    );
    expect(table).toEqual({
      claim: { thing1: '心愿', time2: '截止时间', thing3: '送达地点' },
      progress: { thing1: '心愿', phrase2: '进度', thing3: '说明' },
      reminder: { thing1: '心愿', time2: '截止时间', thing3: '提示' },
    });
  });

  it('fills the claim template with the title, the deadline in China time and the site', () => {
    expect(pushTemplateData('claim', facts('claim_confirmed'))).toEqual({
      thing1: { value: '一套水彩画笔和画本' },
      time2: { value: '2026年3月5日 14:30' },
      thing3: { value: '石桥镇社工站' },
    });
    expect(pushTemplateData('claim', facts('claim_confirmed', { siteName: null }))?.thing3).toEqual({
      value: '转交点',
    });
  });

  it('keeps every kind within WeChat’s limits, even with a long, messy title and site', () => {
    const messy = {
      wishTitle: '  一个\n很长很长的心愿标题\u200b，足足有超过二十个字那么长的标题  ',
      siteName: 'x'.repeat(40),
    };
    for (const kind of NOTIFICATION_KINDS) {
      const data = pushTemplateData(pushPurpose(kind), facts(kind, messy));
      expect(data, kind).not.toBeNull();
      expectWithinLimits(data!);
      expect(data!.thing1!.value).toBe('一个 很长很长的心愿标题，足足有超过二…');
    }
  });

  it('says nothing when a deadline notice has no deadline', () => {
    expect(pushTemplateData('reminder', facts('deadline_2h', { deadlineAt: null }))).toBeNull();
    expect(pushTemplateData('claim', facts('claim_confirmed', { deadlineAt: null }))).toBeNull();
    expect(pushTemplateData('progress', facts('handed_over', { deadlineAt: null }))).not.toBeNull();
  });

  it('reads nothing but the public facts: the child cannot reach a push', () => {
    const MARK = 'MARKER-郑可欣-110101201605120000';
    const allowed = new Set(['kind', 'wishTitle', 'deadlineAt', 'siteName']);
    for (const kind of NOTIFICATION_KINDS) {
      const read = new Set<string | symbol>();
      // Whatever else a caller might hand over (a real name, a school, a note someone typed) …
      const input = {
        ...facts(kind),
        realName: MARK,
        school: MARK,
        address: MARK,
        pseudonym: MARK,
        story: MARK,
        note: MARK,
        carrier: MARK,
      };
      const spy = new Proxy(input, {
        get(target, key, receiver) {
          read.add(key);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      const data = pushTemplateData(pushPurpose(kind), spy);
      // … is never read, and never appears.
      expect(
        [...read].filter((k) => !allowed.has(String(k))),
        kind,
      ).toEqual([]);
      expect(JSON.stringify(data)).not.toContain('MARKER');
    }
  });

  it('writes times in China time with the year', () => {
    expect(wechatTime(Date.parse('2026-12-31T16:05:00Z'))).toBe('2027年1月1日 00:05');
  });
});
