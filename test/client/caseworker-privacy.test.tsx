import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { lintPublicText } from '../../shared/privacy-lint';
import { ApiError } from '../../client/api/http';
import { PrivacyWarnings } from '../../client/caseworker/components/PrivacyWarnings';
import { blocks, findingsFor, serverFindings } from '../../client/caseworker/lib/privacy';
import { markSegments } from '../../client/caseworker/lib/text-marks';

const CHILD = { realName: '林小棋', guardianName: '林桂芳', school: '上坑村小学' };

/** What the wish editor shows under a field after each keystroke. */
function Warnings({ text }: { text: string }) {
  return <PrivacyWarnings name="description" text={text} findings={lintPublicText(text, CHILD)} />;
}

describe('live privacy warnings under a public field', () => {
  it('shows nothing while the text is fine', () => {
    const { container } = render(<Warnings text="想要一个新书包，上学用" />);
    expect(container.textContent).toBe('');
  });

  it('a phone number typed: says what to do and underlines exactly the number', () => {
    const { rerender } = render(<Warnings text="奶奶电话1381234" />);
    // Half a number is not yet a phone number.
    expect(screen.queryByTestId('privacy-description')).toBeNull();

    rerender(<Warnings text="奶奶电话13812345678，谢谢" />);
    const box = screen.getByTestId('privacy-description');
    expect(box.textContent).toContain('这里像是手机号，请删除，公开内容不能留联系方式');
    expect(box.textContent).toContain('需修改');
    const marks = screen.getAllByTestId('privacy-mark');
    expect(marks.map((m) => m.textContent)).toEqual(['13812345678']);
    // The preview is the whole text, with only the number marked.
    expect(screen.getByTestId('privacy-preview-description').textContent).toBe('奶奶电话13812345678，谢谢');
  });

  it('marks the child’s real name from the file and each problem on its own', () => {
    render(<Warnings text="林小棋在上坑村小学三年级二班" />);
    const marked = screen.getAllByTestId('privacy-mark').map((m) => m.textContent);
    expect(marked).toContain('林小棋');
    expect(screen.getByTestId('privacy-description').textContent).toContain('孩子的真实姓名');
  });

  it('a warning is shown but does not block; an error blocks', () => {
    const warning = lintPublicText('他在石桥小学读书');
    expect(warning.length).toBeGreaterThan(0);
    expect(blocks(warning)).toBe(false);
    render(<PrivacyWarnings name="title" text="他在石桥小学读书" findings={warning} />);
    expect(screen.getByText('请留意')).toBeTruthy();
    expect(blocks(lintPublicText('电话13812345678'))).toBe(true);
  });
});

describe('server findings (422 PRIVACY_FINDINGS)', () => {
  const refusal = new ApiError('PRIVACY_FINDINGS', 422, '公开内容里有可能暴露孩子身份的信息', [
    { field: 'description', kind: 'nickname', start: 0, end: 2, text: '梅梅', message: '这里像是小名' },
  ]);

  it('show on the field they name while its text is unchanged, and go once it is edited', () => {
    const server = serverFindings(refusal, { title: '书包', description: '梅梅想要书包' });
    expect(findingsFor('description', '梅梅想要书包', {}, server)).toEqual([
      { severity: 'error', start: 0, end: 2, text: '梅梅', message: '这里像是小名' },
    ]);
    expect(findingsFor('description', '她想要书包', {}, server)).toEqual([]);
    expect(findingsFor('title', '书包', {}, server)).toEqual([]);
  });

  it('ignore other refusals', () => {
    expect(serverFindings(new ApiError('CONTENT_RISKY', 422, 'x'), {})).toEqual({});
  });
});

describe('markSegments', () => {
  it('cuts text into plain and marked pieces, merging overlaps and clipping', () => {
    expect(
      markSegments('abcdefgh', [
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: 6, end: 99 },
      ]),
    ).toEqual([
      { text: 'a', marked: false },
      { text: 'bcd', marked: true },
      { text: 'ef', marked: false },
      { text: 'gh', marked: true },
    ]);
    expect(markSegments('abc', [])).toEqual([{ text: 'abc', marked: false }]);
  });
});
