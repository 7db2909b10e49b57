import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaPurpose } from '../../shared/constants';
import type { Claim, TimelineEntry, WishFulfilment } from '../../shared/schemas/claims';
import type { UploadedMedia } from '../../shared/schemas/media';
import { ApiError } from '../../client/api/http';
import { uploadPhoto } from '../../client/api/media';
import { ClaimCard } from '../../client/caseworker/components/ClaimCard';
import { FulfilmentTimeline } from '../../client/caseworker/components/FulfilmentTimeline';
import { HandOverForm } from '../../client/caseworker/components/HandOverForm';
import { ReceiveForm } from '../../client/caseworker/components/ReceiveForm';
import { ThankYouForm } from '../../client/caseworker/components/ThankYouForm';
import {
  expectedQuantity,
  nextStep,
  receiveRequest,
  shippingText,
} from '../../client/caseworker/lib/fulfilment';
import { clearToken, saveToken } from '../../client/session/token';

const api = vi.hoisted(() => ({ receiveClaim: vi.fn(), handOverWish: vi.fn(), thankDonors: vi.fn() }));
vi.mock('../../client/api/fulfilment', () => api);

const WISH_ID = 'WWWWWWWWWWWWWWWW';
const CLAIM_ID = 'CCCCCCCCCCCCCCCC';
const PHOTO_ID = 'PPPPPPPPPPPPPPPP';

const wish: Claim['wish'] = {
  id: WISH_ID,
  title: '一个新书包',
  pseudonym: '小棋',
  kind: 'item',
  urgency: 'orange',
  quantity: 2,
  estimatedValueFen: 12800,
  shares: 1,
  status: 'claimed',
};

const claim: Claim = {
  id: CLAIM_ID,
  wish,
  shares: 1,
  valueFen: 12800,
  stage: 'shipped',
  claimedAt: '2026-11-20T02:00:00.000Z',
  deadlineAt: '2026-11-23T02:00:00.000Z',
  endedAt: null,
  shipping: { mode: 'post', carrier: '顺丰速运', trackingNumber: 'SF1234567890' },
  handoverSite: {
    name: '上坑村儿童之家',
    town: '石桥镇',
    organization: '云溪县民政局儿童福利股',
    address: null,
    contactPhone: null,
  },
  paidOnline: false,
  actions: ['receive', 'report_problem'],
  donor: { name: '陈女士', phone: '13900001111' },
};

const uploaded = (id = PHOTO_ID, purpose: MediaPurpose = 'handover'): UploadedMedia => ({
  id,
  url: `/api/v1/media/${id}/file?exp=1&sig=x`,
  thumbUrl: `/api/v1/media/${id}/file?size=thumb&exp=1&sig=x`,
  width: 800,
  height: 600,
  check: 'pending',
  purpose,
});

/** A controllable Taro.uploadFile task: report progress, then answer or fail. */
function fakeUploads() {
  const tasks: {
    progress: (n: number) => void;
    answer: (statusCode: number, body: unknown) => void;
    fail: () => void;
    abort: ReturnType<typeof vi.fn>;
  }[] = [];
  const spy = vi.spyOn(Taro, 'uploadFile').mockImplementation(() => {
    let onProgress: (r: { progress: number }) => void = () => undefined;
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const p = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const abort = vi.fn(() => reject({ errMsg: 'uploadFile:fail abort' }));
    tasks.push({
      progress: (n) => act(() => onProgress({ progress: n })),
      answer: (statusCode, body) => resolve({ statusCode, data: JSON.stringify(body), errMsg: 'ok' }),
      fail: () => reject({ errMsg: 'uploadFile:fail timeout' }),
      abort,
    });
    return Object.assign(p, {
      onProgressUpdate: (cb: typeof onProgress) => {
        onProgress = cb;
      },
      abort,
    }) as unknown as ReturnType<typeof Taro.uploadFile>;
  });
  return { tasks, spy };
}

function choosePhotos(...paths: string[]) {
  return vi.spyOn(Taro, 'chooseMedia').mockResolvedValue({
    tempFiles: paths.map((p) => ({ tempFilePath: p, size: 120_000, fileType: 'image' })),
    type: 'image',
    errMsg: 'chooseMedia:ok',
  } as unknown as Taro.chooseMedia.SuccessCallbackResult);
}

const disabled = (testId: string) => screen.getByTestId(testId).getAttribute('aria-disabled') === 'true';
/** Taro's Input is the <input> itself in jsdom (on H5 it wraps one). */
const typeInto = (testId: string, value: string) =>
  fireEvent.input(screen.getByTestId(testId), { target: { value } });
/** Taro's Textarea is its web component, undefined in jsdom: it reports input as `detail.value`. */
const typeText = (testId: string, value: string) =>
  act(() => {
    screen.getByTestId(testId).dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }));
  });

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  vi.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
});
afterEach(() => {
  vi.restoreAllMocks();
  clearToken();
});

describe('receive form (签收)', () => {
  it('asks for the condition first; 完好 with the expected number receives it', async () => {
    api.receiveClaim.mockResolvedValue({});
    const onDone = vi.fn();
    render(<ReceiveForm claimId={CLAIM_ID} expected={2} onDone={onDone} />);
    expect((screen.getByTestId('input-quantity') as HTMLInputElement).value).toBe('2');
    fireEvent.click(screen.getByTestId('receive-submit'));
    expect(screen.getByTestId('error-condition').textContent).toBe('请选择物品状况');
    expect(api.receiveClaim).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('完好'));
    expect(screen.queryByTestId('error-condition')).toBeNull();
    expect(screen.queryByTestId('input-note')).toBeNull(); // no note asked for a good gift
    fireEvent.click(screen.getByTestId('receive-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(api.receiveClaim).toHaveBeenCalledWith(CLAIM_ID, { quantity: 2, condition: 'good', note: '' });
  });

  it('a problem needs a note the donor will read', async () => {
    api.receiveClaim.mockResolvedValue({});
    render(<ReceiveForm claimId={CLAIM_ID} expected={1} onDone={vi.fn()} />);
    fireEvent.click(screen.getByText('有损坏'));
    expect(screen.getByText(/爱心人士会看到这段说明/)).toBeTruthy();
    expect(screen.getByTestId('receive-submit').textContent).toBe('提交问题，通知爱心人士');
    fireEvent.click(screen.getByTestId('receive-submit'));
    expect(screen.getByTestId('error-note').textContent).toBe('请写明有什么问题，爱心人士会看到');
    // Blank is not a note.
    typeText('input-note', '   ');
    fireEvent.click(screen.getByTestId('receive-submit'));
    expect(screen.getByTestId('error-note').textContent).toBe('请写明有什么问题，爱心人士会看到');
    expect(api.receiveClaim).not.toHaveBeenCalled();

    typeText('input-note', '书包拉链坏了');
    expect(screen.queryByTestId('error-note')).toBeNull();
    fireEvent.click(screen.getByTestId('receive-submit'));
    await waitFor(() =>
      expect(api.receiveClaim).toHaveBeenCalledWith(CLAIM_ID, {
        quantity: 1,
        condition: 'damaged',
        note: '书包拉链坏了',
      }),
    );
  });

  it('the stepper counts; fewer than expected cannot be 完好', () => {
    render(<ReceiveForm claimId={CLAIM_ID} expected={3} onDone={vi.fn()} />);
    fireEvent.click(screen.getByTestId('quantity-minus'));
    expect((screen.getByTestId('input-quantity') as HTMLInputElement).value).toBe('2');
    fireEvent.click(screen.getByText('完好'));
    fireEvent.click(screen.getByTestId('receive-submit'));
    expect(screen.getByTestId('error-quantity').textContent).toBe('比应到的 3 件少，请选“数量不够”并写明');
    fireEvent.click(screen.getByTestId('quantity-plus'));
    expect(screen.queryByTestId('error-quantity')).toBeNull();
    typeInto('input-quantity', '两个');
    fireEvent.click(screen.getByTestId('receive-submit'));
    expect(screen.getByTestId('error-quantity').textContent).toBe('数量必须是整数');
    expect(api.receiveClaim).not.toHaveBeenCalled();
  });

  it('shows the server’s field errors under the fields, and other refusals above the button', async () => {
    api.receiveClaim.mockRejectedValueOnce(
      new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求，请按提示修改后重试', [
        { path: 'body.note', message: '含有看不见的特殊字符（如零宽字符），请重新输入这段文字' },
      ]),
    );
    render(<ReceiveForm claimId={CLAIM_ID} expected={1} onDone={vi.fn()} />);
    fireEvent.click(screen.getByText('和心愿不符'));
    typeText('input-note', '寄来的是铅笔盒');
    fireEvent.click(screen.getByTestId('receive-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('error-note').textContent).toBe(
        '含有看不见的特殊字符（如零宽字符），请重新输入这段文字',
      ),
    );
    api.receiveClaim.mockRejectedValueOnce(
      new ApiError('CLAIM_STEP_REFUSED', 422, '认领当前的进度不能进行这一步，请刷新后查看'),
    );
    fireEvent.click(screen.getByTestId('receive-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('receive-error').textContent).toBe(
        '认领当前的进度不能进行这一步，请刷新后查看',
      ),
    );
  });

  it('receiveRequest agrees with the shared schema', () => {
    expect(receiveRequest({ quantity: 1, condition: 'short', note: '' }, 2).errors).toEqual({
      note: '请写明有什么问题，爱心人士会看到',
    });
    expect(receiveRequest({ quantity: 1, condition: 'short', note: '少了一本' }, 2).body).toEqual({
      quantity: 1,
      condition: 'short',
      note: '少了一本',
    });
    expect(receiveRequest({ quantity: 3, condition: 'good', note: '' }, 2).errors).toEqual({});
  });
});

describe('a claim on the fulfilment page', () => {
  it('shows the donor with a call button, the parcel, and the receive form once shipped', () => {
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' });
    render(<ClaimCard claim={claim} onChanged={vi.fn()} />);
    expect(screen.getByText('陈女士')).toBeTruthy();
    expect(screen.getByText('顺丰速运 SF1234567890')).toBeTruthy();
    expect(screen.getByText('已寄出')).toBeTruthy();
    fireEvent.click(screen.getByTestId('call-donor'));
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13900001111' });
    expect(screen.getByTestId('receive-form')).toBeTruthy();
    // The quantity to expect is the wish's.
    expect((screen.getByTestId('input-quantity') as HTMLInputElement).value).toBe('2');
  });

  it('has no receive form before the gift is sent or after it is received', () => {
    render(<ClaimCard claim={{ ...claim, stage: 'received' }} onChanged={vi.fn()} />);
    expect(screen.queryByTestId('receive-form')).toBeNull();
    expect(screen.getByText('已签收')).toBeTruthy();
  });

  it('knows how gifts travel and how many a share brings', () => {
    expect(
      shippingText({
        shipping: { mode: 'in_person', carrier: null, trackingNumber: null },
        paidOnline: false,
      }),
    ).toBe('亲自送到');
    expect(shippingText({ shipping: null, paidOnline: false })).toBeNull();
    expect(shippingText({ shipping: null, paidOnline: true })).toBe('在线出资，由机构代购');
    expect(expectedQuantity({ ...wish, quantity: 20, shares: 4 }, 1)).toBe(5);
    expect(expectedQuantity({ ...wish, quantity: 1, shares: 10 }, 3)).toBe(1);
  });
});

describe('hand-over (转交) with photos', () => {
  it('is disabled until a photo has uploaded; shows the progress; sends the uploaded ids', async () => {
    saveToken('secret-token');
    const { tasks, spy } = fakeUploads();
    choosePhotos('blob:one');
    api.handOverWish.mockResolvedValue({});
    const onDone = vi.fn();
    render(<HandOverForm wishId={WISH_ID} onDone={onDone} />);

    expect(disabled('handover-submit')).toBe(true);
    expect(screen.getByTestId('handover-why').textContent).toBe('请先上传至少 1 张转交照片');
    fireEvent.click(screen.getByTestId('handover-submit'));
    expect(api.handOverWish).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('handover-photos-add'));
    await screen.findByTestId('handover-photos-photo');
    expect(spy).toHaveBeenCalledWith(
      expect.objectContaining({
        filePath: 'blob:one',
        name: 'file',
        formData: { purpose: 'handover' },
        header: { authorization: 'Bearer secret-token' },
      }),
    );
    tasks[0]!.progress(40);
    expect(screen.getByText('上传中 40%')).toBeTruthy();
    expect(disabled('handover-submit')).toBe(true);
    expect(screen.getByTestId('handover-why').textContent).toBe('照片还在上传，传完就可以确认');
    tasks[0]!.progress(100);
    expect(screen.getByText('处理中…')).toBeTruthy();

    tasks[0]!.answer(201, uploaded());
    await waitFor(() => expect(disabled('handover-submit')).toBe(false));
    expect(screen.getByTestId('handover-photos-photo').getAttribute('data-status')).toBe('done');
    expect(screen.getByText('已上传 1 张，至少 1 张，最多 6 张')).toBeTruthy();
    typeText('input-handover-note', '在儿童之家交给了孩子');
    fireEvent.click(screen.getByTestId('handover-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(api.handOverWish).toHaveBeenCalledWith(WISH_ID, {
      photoIds: [PHOTO_ID],
      note: '在儿童之家交给了孩子',
    });
  });

  it('uploads one photo at a time; a failed one says why and is retried by a tap', async () => {
    const { tasks, spy } = fakeUploads();
    choosePhotos('blob:one', 'blob:two');
    render(<HandOverForm wishId={WISH_ID} onDone={vi.fn()} />);
    fireEvent.click(screen.getByTestId('handover-photos-add'));
    await waitFor(() => expect(screen.getAllByTestId('handover-photos-photo')).toHaveLength(2));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(screen.getByText('等待上传')).toBeTruthy();

    tasks[0]!.answer(415, {
      error: { code: 'MEDIA_TYPE_UNSUPPORTED', message: '只能上传 JPG、PNG、WebP 或 HEIC 格式的照片' },
    });
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(2));
    const [first] = screen.getAllByTestId('handover-photos-photo');
    expect(first!.getAttribute('data-status')).toBe('failed');
    expect(screen.getByTestId('handover-photos-error').textContent).toBe(
      '只能上传 JPG、PNG、WebP 或 HEIC 格式的照片',
    );
    tasks[1]!.fail();
    await waitFor(() => expect(screen.getAllByText('上传失败')).toHaveLength(2));
    expect(screen.getByTestId('handover-photos-error').textContent).toBe(
      '网络不太好，照片没有传上去，请重试',
    );
    expect(disabled('handover-submit')).toBe(true);

    fireEvent.click(screen.getAllByTestId('handover-photos-photo')[1]!);
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(3));
    tasks[2]!.answer(201, uploaded());
    await waitFor(() => expect(disabled('handover-submit')).toBe(false));
    // The one that failed for good can be removed; the uploaded one stays.
    fireEvent.click(screen.getAllByTestId('handover-photos-remove')[0]!);
    expect(screen.getAllByTestId('handover-photos-photo')).toHaveLength(1);
    expect(screen.queryByTestId('handover-photos-error')).toBeNull();
  });

  it('removing a photo while it uploads stops the upload', async () => {
    const { tasks } = fakeUploads();
    choosePhotos('blob:one');
    render(<HandOverForm wishId={WISH_ID} onDone={vi.fn()} />);
    fireEvent.click(screen.getByTestId('handover-photos-add'));
    await screen.findByTestId('handover-photos-photo');
    fireEvent.click(screen.getByTestId('handover-photos-remove'));
    expect(tasks[0]!.abort).toHaveBeenCalled();
    expect(screen.queryByTestId('handover-photos-photo')).toBeNull();
    expect(screen.getByTestId('handover-why').textContent).toBe('请先上传至少 1 张转交照片');
  });

  it('a photo over 10 MB is not sent; choosing nothing changes nothing', async () => {
    const { spy } = fakeUploads();
    vi.spyOn(Taro, 'chooseMedia')
      .mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' })
      .mockResolvedValueOnce({
        tempFiles: [{ tempFilePath: 'blob:big', size: 11 * 1024 * 1024, fileType: 'image' }],
        type: 'image',
        errMsg: 'chooseMedia:ok',
      } as unknown as Taro.chooseMedia.SuccessCallbackResult);
    render(<HandOverForm wishId={WISH_ID} onDone={vi.fn()} />);
    fireEvent.click(screen.getByTestId('handover-photos-add'));
    await waitFor(() => expect(Taro.chooseMedia).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('handover-photos-photo')).toBeNull();
    expect(Taro.showToast).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('handover-photos-add'));
    await screen.findByText('无法上传');
    expect(screen.getByTestId('handover-photos-error').textContent).toBe(
      '照片太大了（最大 10 MB），请换一张',
    );
    expect(spy).not.toHaveBeenCalled();
  });

  it('MEDIA_NOT_USABLE from the server lands under the photos', async () => {
    const { tasks } = fakeUploads();
    choosePhotos('blob:one');
    api.handOverWish.mockRejectedValue(
      new ApiError(
        'MEDIA_NOT_USABLE',
        422,
        '这张照片不能用在这里（不是你上传的、用途不对或已经用过），请重新上传',
      ),
    );
    render(<HandOverForm wishId={WISH_ID} onDone={vi.fn()} />);
    fireEvent.click(screen.getByTestId('handover-photos-add'));
    await screen.findByTestId('handover-photos-photo');
    tasks[0]!.answer(201, uploaded());
    await waitFor(() => expect(disabled('handover-submit')).toBe(false));
    fireEvent.click(screen.getByTestId('handover-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('error-photoIds').textContent).toContain('这张照片不能用在这里'),
    );
  });
});

describe('thank-you (写感谢信)', () => {
  it('counts the characters and refuses more than 500', async () => {
    api.thankDonors.mockResolvedValue({});
    const onDone = vi.fn();
    render(<ThankYouForm wishId={WISH_ID} pseudonym="小棋" onDone={onDone} />);
    expect(disabled('thank-you-submit')).toBe(true);
    typeText('input-thank-you', '谢'.repeat(501));
    expect(screen.getByTestId('thank-you-count').textContent).toBe('501/500');
    expect(screen.getByTestId('thank-you-over').textContent).toBe('超出了 1 个字，请删短一些');
    expect(disabled('thank-you-submit')).toBe(true);
    fireEvent.click(screen.getByTestId('thank-you-submit'));
    expect(api.thankDonors).not.toHaveBeenCalled();

    typeText('input-thank-you', '谢'.repeat(500));
    expect(screen.queryByTestId('thank-you-over')).toBeNull();
    expect(disabled('thank-you-submit')).toBe(false);
    fireEvent.click(screen.getByTestId('thank-you-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(api.thankDonors).toHaveBeenCalledWith(WISH_ID, { text: '谢'.repeat(500), photoId: null });
  });

  it('a phone number in the letter is caught before the donors see it', () => {
    render(<ThankYouForm wishId={WISH_ID} pseudonym="小棋" onDone={vi.fn()} />);
    typeText('input-thank-you', '谢谢阿姨！有空打奶奶电话13812345678');
    expect(screen.getByTestId('privacy-thank-you').textContent).toContain('这里像是手机号');
    expect(disabled('thank-you-submit')).toBe(true);
  });

  it('sends the photo of a drawing with the words', async () => {
    const { tasks, spy } = fakeUploads();
    choosePhotos('blob:drawing');
    api.thankDonors.mockResolvedValue({});
    render(<ThankYouForm wishId={WISH_ID} pseudonym="小棋" onDone={vi.fn()} />);
    typeText('input-thank-you', '谢谢阿姨送我的新书包！');
    fireEvent.click(screen.getByTestId('thank-you-photo-add'));
    await screen.findByTestId('thank-you-photo-photo');
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ formData: { purpose: 'thank_you' } }));
    expect(disabled('thank-you-submit')).toBe(true); // still uploading
    // One photo at most: no more "add" tile.
    expect(screen.queryByTestId('thank-you-photo-add')).toBeNull();
    tasks[0]!.answer(201, uploaded(PHOTO_ID, 'thank_you'));
    await waitFor(() => expect(disabled('thank-you-submit')).toBe(false));
    fireEvent.click(screen.getByTestId('thank-you-submit'));
    await waitFor(() =>
      expect(api.thankDonors).toHaveBeenCalledWith(WISH_ID, {
        text: '谢谢阿姨送我的新书包！',
        photoId: PHOTO_ID,
      }),
    );
  });
});

describe('uploadPhoto', () => {
  it('parses the photo, and maps error bodies and odd answers to ApiError', async () => {
    const { tasks } = fakeUploads();
    const progress = vi.fn();
    const first = uploadPhoto('blob:x', 'receipt', progress);
    tasks[0]!.progress(Number.NaN);
    expect(progress).toHaveBeenLastCalledWith(0);
    tasks[0]!.answer(201, uploaded(PHOTO_ID, 'receipt'));
    await expect(first).resolves.toMatchObject({ id: PHOTO_ID, purpose: 'receipt' });

    const second = uploadPhoto('blob:x', 'receipt');
    tasks[1]!.answer(413, {
      error: { code: 'MEDIA_TOO_LARGE', message: '照片太大了（最大 10 MB），请压缩后再传' },
    });
    await expect(second).rejects.toMatchObject({ code: 'MEDIA_TOO_LARGE', status: 413 });

    const third = uploadPhoto('blob:x', 'receipt');
    tasks[2]!.answer(502, '<html>Bad Gateway</html>');
    await expect(third).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 502 });

    const fourth = uploadPhoto('blob:x', 'receipt');
    tasks[3]!.answer(201, { id: 'nope' });
    await expect(fourth).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });

    const fifth = uploadPhoto('blob:x', 'receipt');
    fifth.abort();
    await expect(fifth).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('gives up on an upload that never starts (H5: the blob could not be read back)', async () => {
    vi.useFakeTimers();
    try {
      const { tasks } = fakeUploads();
      const stuck = uploadPhoto('blob:gone', 'handover');
      const outcome = expect(stuck).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
      await vi.advanceTimersByTimeAsync(30_000);
      await outcome;
      expect(tasks[0]!.abort).toHaveBeenCalled();

      // Once bytes go out, a slow upload is left to finish.
      const slow = uploadPhoto('blob:x', 'handover');
      tasks[1]!.progress(1);
      await vi.advanceTimersByTimeAsync(60_000);
      tasks[1]!.answer(201, uploaded());
      await expect(slow).resolves.toMatchObject({ id: PHOTO_ID });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('timeline and next step', () => {
  const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
    kind: 'claimed',
    at: '2026-11-20T02:00:00.000Z',
    by: 'donor',
    claimId: CLAIM_ID,
    shares: 1,
    shippingMode: null,
    carrier: null,
    trackingNumber: null,
    quantity: null,
    condition: null,
    note: null,
    text: null,
    photos: [],
    ...over,
  });

  it('lists the steps newest first, with their details and photos', () => {
    render(
      <FulfilmentTimeline
        entries={[
          entry({}),
          entry({
            kind: 'shipped',
            at: '2026-11-21T02:00:00.000Z',
            shippingMode: 'post',
            carrier: '顺丰速运',
            trackingNumber: 'SF1',
          }),
          entry({
            kind: 'problem',
            at: '2026-11-22T02:00:00.000Z',
            by: 'staff',
            quantity: 1,
            condition: 'damaged',
            note: '拉链坏了',
          }),
          entry({
            kind: 'handed_over',
            at: '2026-11-23T02:00:00.000Z',
            by: 'staff',
            claimId: null,
            photos: [uploaded()],
          }),
          entry({
            kind: 'thanked',
            at: '2026-11-24T02:00:00.000Z',
            by: 'staff',
            claimId: null,
            text: '谢谢阿姨',
          }),
        ]}
      />,
    );
    const [thanked, ...items] = screen.getAllByTestId('timeline-item');
    // The caseworker wrote it: not the donor's "已收到感谢".
    expect(thanked!.textContent).toContain('工作人员 · 写了感谢信');
    expect(thanked!.textContent).toContain('谢谢阿姨');
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual([
      'handed_over',
      'problem',
      'shipped',
      'claimed',
    ]);
    expect(items[0]!.textContent).toContain('工作人员 · 已转交');
    expect(items[0]!.querySelectorAll('img, taro-image-core').length).toBe(1);
    expect(items[1]!.textContent).toContain('1 件 · 有损坏');
    expect(items[1]!.textContent).toContain('拉链坏了');
    expect(items[2]!.textContent).toContain('快递寄出 顺丰速运 SF1');
    expect(items[3]!.textContent).toContain('2026-11-20 10:00');
  });

  it('says what to do next', () => {
    const f: WishFulfilment = {
      wish,
      sharesTaken: 1,
      claims: [claim],
      timeline: [],
      canHandOver: false,
      canThank: false,
    };
    expect(nextStep(f)?.message).toContain('在下面签收');
    expect(nextStep({ ...f, canHandOver: true })?.message).toContain('确认转交');
    expect(nextStep({ ...f, canThank: true })?.message).toContain('感谢信');
    expect(nextStep({ ...f, claims: [] })?.message).toBe('还没有爱心人士认领这个心愿。');
  });
});
