import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BeneficiaryFile } from '../../shared/schemas/beneficiaries';
import { ApiError } from '../../client/api/http';
import { FileEditor } from '../../client/caseworker/components/FileEditor';
import { fieldErrorsFromApi } from '../../client/caseworker/lib/field-errors';
import { fieldLabel, revisionSummary } from '../../client/caseworker/lib/file-fields';
import {
  checkFile,
  createBody,
  emptyFile,
  FILE_CODE_FIELDS,
  fileToValues,
  updateBody,
  type FileValues,
} from '../../client/caseworker/lib/file-form';

const api = vi.hoisted(() => ({ createBeneficiary: vi.fn(), updateBeneficiary: vi.fn() }));
vi.mock('../../client/api/beneficiaries', () => api);

const NOW = Date.parse('2026-11-23T12:00:00Z');
const VILLAGE = 'VVVVVVVVVVVVVVVV';

function filled(): FileValues {
  const v = emptyFile(NOW, VILLAGE);
  return {
    ...v,
    pseudonym: '小棋',
    birthYear: 2016,
    gender: 'female',
    category: 'left_behind',
    urgency: 'yellow',
    restricted: { ...v.restricted, realName: '林雨桐', guardianPhone: '13812345678' },
  };
}

const file: BeneficiaryFile = {
  id: 'FFFFFFFFFFFFFFFF',
  pseudonym: '小棋',
  birthYear: 2016,
  age: 10,
  gender: 'female',
  category: 'left_behind',
  urgency: 'yellow',
  story: null,
  region: { id: VILLAGE, name: '上坑村' },
  town: { id: 'TTTTTTTTTTTTTTTT', name: '石桥镇' },
  consent: null,
  openWishes: 0,
  version: 3,
  updatedAt: '2026-11-20T00:00:00.000Z',
  restricted: {
    realName: '林小棋',
    idNumber: null,
    birthDate: null,
    address: null,
    guardianName: '林桂芳',
    guardianRelation: '奶奶',
    guardianPhone: null,
    school: null,
    schoolClass: null,
    caseNotes: null,
  },
  consents: [],
  history: [],
};

describe('server refusals → messages under the right fields', () => {
  it('maps VALIDATION_FAILED paths (with or without the body. prefix) to form fields', () => {
    const e = new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求，请按提示修改后重试', [
      { path: 'body.restricted.realName', message: '请填写真实姓名' },
      { path: 'pseudonym', message: '不能超过 8 个字' },
      { path: 'body.restricted.realName', message: '第二条消息不覆盖第一条' },
      { path: 'body.consent.consentedOn', message: '请填写正确的日期，如 2026-06-01' },
    ]);
    expect(fieldErrorsFromApi(e)).toEqual({
      fields: {
        'restricted.realName': '请填写真实姓名',
        pseudonym: '不能超过 8 个字',
        'consent.consentedOn': '请填写正确的日期，如 2026-06-01',
      },
      general: '有几项需要修改，请看标红的地方',
    });
  });

  it('places answers about one field under it, and the rest above the button', () => {
    const scope = new ApiError('REGION_OUTSIDE_SCOPE', 422, '只能选择你负责的地区');
    expect(fieldErrorsFromApi(scope, FILE_CODE_FIELDS)).toEqual({
      fields: { regionId: '只能选择你负责的地区' },
      general: null,
    });
    const mismatch = new ApiError('BIRTH_DATE_MISMATCH', 422, '出生日期和出生年份不一致，请核对');
    expect(fieldErrorsFromApi(mismatch, FILE_CODE_FIELDS).fields).toEqual({
      'restricted.birthDate': '出生日期和出生年份不一致，请核对',
    });
    const conflict = new ApiError('EDIT_CONFLICT', 409, '这份内容刚刚被别人修改过，请刷新后再改');
    expect(fieldErrorsFromApi(conflict, FILE_CODE_FIELDS)).toEqual({
      fields: {},
      general: '这份内容刚刚被别人修改过，请刷新后再改',
    });
    expect(fieldErrorsFromApi(new Error('boom')).general).toBe('保存失败，请稍后重试');
  });

  it('a VALIDATION_FAILED without usable details still says something', () => {
    const e = new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求，请按提示修改后重试', 'garbage');
    expect(fieldErrorsFromApi(e)).toEqual({
      fields: {},
      general: '提交的内容不符合要求，请按提示修改后重试',
    });
  });
});

describe('the file form before sending', () => {
  it('names every missing required field with the server’s own words', () => {
    const errors = checkFile(emptyFile(NOW), null);
    expect(errors).toMatchObject({
      regionId: '请选择孩子所在的村（社区）',
      pseudonym: '请填写化名',
      birthYear: '请选择出生年份',
      gender: '请选择性别',
      category: '请选择困境类别',
      urgency: '请选择紧急程度',
      'restricted.realName': '请填写真实姓名',
    });
  });

  it('accepts a complete file; empty optional fields are sent as null', () => {
    expect(checkFile(filled(), null)).toEqual({});
    const body = createBody(filled());
    expect(body.restricted.idNumber).toBeNull();
    expect(body.consent).toBeUndefined();
    expect(createBody({ ...filled(), withConsent: true }).consent).toMatchObject({
      consentedOn: '2026-11-23',
    });
  });

  it('checks the consent block only when it is on', () => {
    const v = { ...filled(), withConsent: true };
    expect(checkFile(v, null)).toMatchObject({
      'consent.guardianName': '请填写同意人的姓名',
      'consent.relation': '请填写同意人与孩子的关系',
    });
  });

  it('refuses a birth date from another year than the birth year', () => {
    const v = filled();
    v.restricted.birthDate = '2015-03-01';
    expect(checkFile(v, null)['restricted.birthDate']).toBe('出生日期和出生年份不一致，请核对');
  });

  it('an edit sends only what changed, with its version', () => {
    const v = fileToValues(file, NOW);
    expect(updateBody(v, file)).toEqual({ version: 3 });
    v.pseudonym = '小琪';
    v.restricted.guardianPhone = '13812345678';
    v.restricted.guardianName = '';
    expect(updateBody(v, file)).toEqual({
      version: 3,
      pseudonym: '小琪',
      restricted: { guardianPhone: '13812345678', guardianName: null },
    });
  });
});

describe('FileEditor', () => {
  beforeEach(() => {
    api.createBeneficiary.mockReset();
  });

  it('shows the server’s messages under the fields and keeps what was typed', async () => {
    api.createBeneficiary.mockRejectedValue(
      new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求，请按提示修改后重试', [
        {
          path: 'body.restricted.realName',
          message: '含有看不见的特殊字符（如零宽字符），请重新输入这段文字',
        },
        { path: 'body.restricted.guardianPhone', message: '请填写 11 位手机号或带区号的座机号' },
      ]),
    );
    const onSaved = vi.fn();
    render(
      <FileEditor
        file={null}
        places={[{ id: VILLAGE, label: '石桥镇 · 上坑村' }]}
        initial={filled()}
        onSaved={onSaved}
      />,
    );
    fireEvent.click(screen.getByTestId('save-file'));

    await waitFor(() => expect(screen.getByTestId('error-restricted.realName')).toBeTruthy());
    const realName = document.querySelector('[data-field="restricted.realName"]')!;
    expect(realName.textContent).toContain('真实姓名');
    expect(realName.textContent).toContain('含有看不见的特殊字符');
    const phone = document.querySelector('[data-field="restricted.guardianPhone"]')!;
    expect(phone.textContent).toContain('请填写 11 位手机号或带区号的座机号');
    expect(screen.getByTestId('form-error').textContent).toContain('有几项需要修改');
    // What she typed is still there.
    expect((realName.querySelector('input') as HTMLInputElement).value).toBe('林雨桐');
    expect(onSaved).not.toHaveBeenCalled();
    expect(api.createBeneficiary).toHaveBeenCalledOnce();
  });

  it('does not send a form with missing fields; says where, and nothing is lost', async () => {
    render(<FileEditor file={null} places={[]} initial={{ ...filled(), pseudonym: '' }} onSaved={vi.fn()} />);
    fireEvent.click(screen.getByTestId('save-file'));
    await waitFor(() => expect(screen.getByTestId('error-pseudonym').textContent).toBe('请填写化名'));
    expect(api.createBeneficiary).not.toHaveBeenCalled();
  });

  it('refuses a pseudonym made of the real name, live and on save', async () => {
    const v = { ...filled(), pseudonym: '雨桐' };
    render(<FileEditor file={null} places={[]} initial={v} onSaved={vi.fn()} />);
    expect(screen.getByTestId('privacy-pseudonym').textContent).toContain('孩子的真实姓名');
    fireEvent.click(screen.getByTestId('save-file'));
    await waitFor(() =>
      expect(screen.getByTestId('error-pseudonym').textContent).toBe(
        '化名会公开，不能用真实姓名里的字，请换一个',
      ),
    );
    expect(api.createBeneficiary).not.toHaveBeenCalled();
  });

  it('saves once, and hands the saved file on', async () => {
    let answer!: (f: BeneficiaryFile) => void;
    api.createBeneficiary.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const onSaved = vi.fn();
    render(<FileEditor file={null} places={[]} initial={filled()} onSaved={onSaved} />);
    const button = screen.getByTestId('save-file');
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toBe('正在保存…'));
    answer(file);
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(file));
    expect(api.createBeneficiary).toHaveBeenCalledOnce();
  });
});

describe('edit history labels', () => {
  it('reads field names in Chinese', () => {
    expect(fieldLabel('restricted.realName')).toBe('真实姓名');
    expect(fieldLabel('pseudonym')).toBe('化名');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
    expect(revisionSummary(1, [])).toBe('建档');
    expect(revisionSummary(2, ['pseudonym', 'restricted.guardianName', 'guardianName'])).toBe('化名、监护人');
  });
});

describe('FileEditor and the server’s privacy check', () => {
  it('PRIVACY_FINDINGS: the field is marked and the span shown, even when the live check missed it', async () => {
    api.createBeneficiary.mockRejectedValue(
      new ApiError('PRIVACY_FINDINGS', 422, '公开内容里有可能暴露孩子身份的信息，请按标出的位置修改', [
        { field: 'story', kind: 'nickname', start: 0, end: 2, text: '梅梅', message: '这里像是孩子的小名' },
      ]),
    );
    render(
      <FileEditor file={null} places={[]} initial={{ ...filled(), story: '梅梅爱画画' }} onSaved={vi.fn()} />,
    );
    fireEvent.click(screen.getByTestId('save-file'));
    await waitFor(() =>
      expect(screen.getByTestId('error-story').textContent).toBe(
        '这里有需要修改的地方，请看下方红线标出的位置',
      ),
    );
    expect(screen.getByTestId('privacy-story').textContent).toContain('这里像是孩子的小名');
    expect(screen.getByTestId('privacy-mark').textContent).toBe('梅梅');
    expect(screen.getByTestId('form-error').textContent).toContain('公开内容里有可能暴露孩子身份的信息');
  });
});
