import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BeneficiaryFile } from '../../shared/schemas/beneficiaries';
import type { StaffWish } from '../../shared/schemas/staff-wishes';
import { ApiError } from '../../client/api/http';
import { WishEditor } from '../../client/caseworker/components/WishEditor';
import { emptyWish, wishBody, type WishValues } from '../../client/caseworker/lib/wish-form';

const api = vi.hoisted(() => ({ createWish: vi.fn(), updateWish: vi.fn(), submitWish: vi.fn() }));
vi.mock('../../client/api/beneficiaries', () => ({ createWish: api.createWish }));
vi.mock('../../client/api/staff-wishes', () => ({ updateWish: api.updateWish, submitWish: api.submitWish }));

const SITE = 'SSSSSSSSSSSSSSSS';
const file = {
  id: 'FFFFFFFFFFFFFFFF',
  pseudonym: '小芽',
  age: 8,
  gender: 'female',
  town: { id: 'TTTTTTTTTTTTTTTT', name: '石桥镇' },
  region: { id: 'VVVVVVVVVVVVVVVV', name: '上坑村' },
  consent: { publishStory: false, publishPhotos: false },
  restricted: { realName: '林雨桐', guardianName: '林桂芳', school: '上坑村小学' },
} as unknown as BeneficiaryFile;

const draft = {
  id: 'WWWWWWWWWWWWWWWW',
  status: 'draft',
  version: 1,
  returnReason: null,
} as unknown as StaffWish;

function values(patch: Partial<WishValues> = {}): WishValues {
  return { ...emptyWish(SITE), title: '一个新书包', description: '书包背带断了。', value: '128.5', ...patch };
}

function renderEditor(initial: WishValues, onReload = vi.fn(), onSubmitted = vi.fn()) {
  render(
    <WishEditor
      file={file}
      wish={null}
      initial={initial}
      sites={[{ id: SITE, name: '上坑村儿童之家', region: file.region, address: null, contactPhone: null }]}
      campaigns={[]}
      onSubmitted={onSubmitted}
      onReload={onReload}
    />,
  );
  return { onReload, onSubmitted };
}

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
});

describe('WishEditor', () => {
  it('a phone number in the description: the warning shows, the span is marked, 提交审核 is off', () => {
    renderEditor(values({ description: '有事请打奶奶电话13812345678' }));
    expect(screen.getByTestId('privacy-description').textContent).toContain('这里像是手机号');
    expect(screen.getByTestId('privacy-mark').textContent).toBe('13812345678');
    const submit = screen.getByTestId('submit-wish');
    expect(submit.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(submit);
    expect(api.createWish).not.toHaveBeenCalled();
    // A draft can still be kept.
    expect(screen.getByTestId('save-draft').getAttribute('aria-disabled')).toBe('false');
  });

  it('the child’s real name from the file is caught too', () => {
    renderEditor(values({ title: '雨桐想要书包' }));
    expect(screen.getByTestId('privacy-title').textContent).toContain('孩子的真实姓名');
  });

  it('saves, then submits; says so once it is in review', async () => {
    api.createWish.mockResolvedValue(draft);
    api.submitWish.mockResolvedValue({ ...draft, status: 'in_review' });
    const { onSubmitted } = renderEditor(values());
    fireEvent.click(screen.getByTestId('submit-wish'));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledOnce());
    expect(api.createWish).toHaveBeenCalledWith(file.id, {
      title: '一个新书包',
      description: '书包背带断了。',
      kind: 'item',
      quantity: 1,
      estimatedValueFen: 12850,
      shares: 1,
      handoverSiteId: SITE,
      campaignId: null,
    });
    expect(api.submitWish).toHaveBeenCalledWith(draft.id);
  });

  it('CONSENT_REQUIRED: the draft is kept and the way to the file is offered', async () => {
    api.createWish.mockResolvedValue(draft);
    api.submitWish.mockRejectedValue(
      new ApiError('CONSENT_REQUIRED', 422, '这份档案还没有监护人同意记录，登记同意后才能提交和发布'),
    );
    renderEditor(values());
    fireEvent.click(screen.getByTestId('submit-wish'));
    const problem = await screen.findByTestId('wish-problem');
    expect(problem.textContent).toContain('还没有登记监护人同意');
    expect(problem.textContent).toContain('登记同意后才能提交和发布。心愿已存为草稿。');
    expect(problem.textContent).toContain('去孩子档案登记同意');
    // A second try updates the saved draft (with its version) instead of creating another.
    api.updateWish.mockResolvedValue({ ...draft, version: 2 });
    fireEvent.click(screen.getByTestId('submit-wish'));
    await waitFor(() =>
      expect(api.updateWish).toHaveBeenCalledWith(draft.id, expect.objectContaining({ version: 1 })),
    );
    expect(api.createWish).toHaveBeenCalledOnce();
  });

  it('PRIVACY_FINDINGS from the server are shown on the field they name', async () => {
    api.createWish.mockResolvedValue(draft);
    api.submitWish.mockRejectedValue(
      new ApiError('PRIVACY_FINDINGS', 422, '公开内容里有可能暴露孩子身份的信息，请按标出的位置修改', [
        {
          field: 'description',
          kind: 'nickname',
          start: 0,
          end: 2,
          text: '书包',
          message: '服务器认为这里有问题',
        },
      ]),
    );
    renderEditor(values());
    fireEvent.click(screen.getByTestId('submit-wish'));
    await screen.findByTestId('privacy-description');
    expect(screen.getByTestId('privacy-description').textContent).toContain('服务器认为这里有问题');
    expect(screen.getByTestId('privacy-mark').textContent).toBe('书包');
  });

  it('EDIT_CONFLICT: explains and offers to reload', async () => {
    api.createWish.mockRejectedValue(
      new ApiError('EDIT_CONFLICT', 409, '这份内容刚刚被别人修改过，请刷新后再改'),
    );
    const { onReload } = renderEditor(values());
    fireEvent.click(screen.getByTestId('save-draft'));
    const problem = await screen.findByTestId('wish-problem');
    expect(problem.textContent).toContain('这份内容刚刚被别人修改过');
    fireEvent.click(screen.getByText('重新加载（这次的修改不会保留）'));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('CONTENT_RISKY and validation errors land where they belong', async () => {
    api.createWish.mockRejectedValue(
      new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求，请按提示修改后重试', [
        { path: 'body.title', message: '不能超过 40 个字' },
      ]),
    );
    renderEditor(values());
    fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(screen.getByTestId('error-title').textContent).toBe('不能超过 40 个字'));

    api.createWish.mockResolvedValue(draft);
    api.submitWish.mockRejectedValue(
      new ApiError('CONTENT_RISKY', 422, '内容没有通过微信内容安全检测，请修改措辞后再提交'),
    );
    fireEvent.click(screen.getByTestId('submit-wish'));
    await waitFor(() =>
      expect(screen.getByTestId('wish-problem').textContent).toContain('内容没有通过安全检测'),
    );
  });
});

describe('wishBody', () => {
  it('turns what was typed into the request, 元 into fen', () => {
    const { body, errors } = wishBody(values({ quantity: '２', value: '１２．５' }));
    expect(errors).toEqual({});
    expect(body).toMatchObject({ quantity: 2, estimatedValueFen: 1250 });
  });

  it('names each problem under its field', () => {
    const { errors } = wishBody(
      values({ title: '', value: '12.345', quantity: 'x', shares: '3', handoverSiteId: '' }),
    );
    expect(errors).toEqual({
      title: '请填写心愿标题',
      estimatedValueFen: '金额最多精确到分（小数点后两位）',
      quantity: '数量请填整数，如 1',
      handoverSiteId: '请选择转交点',
    });
  });

  it('refuses shares that do not divide the amount into whole fen', () => {
    expect(wishBody(values({ value: '100', shares: '3' })).errors).toEqual({
      shares: '¥100 不能平均分成 3 份，请调整金额或份数',
    });
    expect(wishBody(values({ value: '100', shares: '4' })).errors).toEqual({});
  });
});
