import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { GENDER_LABELS, TEXT_LIMITS, WISH_KIND_LABELS, WISH_KINDS } from '../../../../shared/constants';
import type { BeneficiaryFile } from '../../../../shared/schemas/beneficiaries';
import type { Campaign, HandoverSite, StaffWish } from '../../../../shared/schemas/staff-wishes';
import { createWish } from '../../../api/beneficiaries';
import { ApiError } from '../../../api/http';
import { submitWish, updateWish } from '../../../api/staff-wishes';
import { formatFen } from '../../../utils/money';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../../lib/field-errors';
import { blocks, findingsFor, serverFindings, type ServerFindings } from '../../lib/privacy';
import { wishBody, wishUpdateBody, type WishValues } from '../../lib/wish-form';
import { parseYuan, perShareFen } from '../../lib/yuan';
import { ActionButton } from '../ActionButton';
import { ChoiceChips } from '../ChoiceChips';
import { Field } from '../Field';
import { Notice } from '../Notice';
import { PrivacyWarnings } from '../PrivacyWarnings';

/** A refusal shown above the buttons, with what to do about it. */
interface Problem {
  tone: 'error' | 'warn';
  title?: string;
  message: string;
  action?: { label: string; run: () => void };
}

const WISH_CODE_FIELDS: Record<string, string> = {
  HANDOVER_SITE_NOT_FOUND: 'handoverSiteId',
  SHARES_UNEVEN: 'shares',
  CAMPAIGN_NOT_FOUND: 'campaignId',
  CAMPAIGN_ENDED: 'campaignId',
};
const CAMPAIGN_STATE_LABELS: Record<Campaign['state'], string> = {
  upcoming: '即将开始',
  running: '进行中',
  ended: '已结束',
};

/**
 * Writes a wish for one child. The title and description are checked for personal data on every
 * keystroke (with the child's real name, guardian and school from the file): errors block
 * 提交审核, warnings do not. The server checks again; its answers appear in the same places.
 */
export function WishEditor({
  file,
  wish,
  initial,
  sites,
  campaigns,
  onSubmitted,
  onReload,
}: {
  file: BeneficiaryFile;
  /** The wish being edited; null for a new one. */
  wish: StaffWish | null;
  initial: WishValues;
  sites: readonly HandoverSite[];
  campaigns: readonly Pick<Campaign, 'id' | 'title' | 'state'>[];
  onSubmitted: (wish: StaffWish) => void;
  onReload: () => void;
}) {
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState<StaffWish | null>(wish);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [refused, setRefused] = useState<ServerFindings>({});
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const set = (patch: Partial<WishValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    // The amount is typed as `value` and named `estimatedValueFen` by the server.
    const paths = Object.keys(patch).map((k) => (k === 'value' ? 'estimatedValueFen' : k));
    setErrors((e) => withoutErrors(e, paths));
  };

  const r = file.restricted;
  const ctx = useMemo(
    () => ({ realName: r.realName, guardianName: r.guardianName, school: r.school }),
    [r.realName, r.guardianName, r.school],
  );
  const titleFindings = useMemo(
    () => findingsFor('title', values.title, ctx, refused),
    [values.title, ctx, refused],
  );
  const descriptionFindings = useMemo(
    () => findingsFor('description', values.description, ctx, refused),
    [values.description, ctx, refused],
  );
  const blocked = blocks(titleFindings) || blocks(descriptionFindings);

  const value = parseYuan(values.value);
  const shares = Number(values.shares);
  const perShare = value.ok ? perShareFen(value.fen, shares) : null;
  const siteIndex = Math.max(
    0,
    sites.findIndex((s) => s.id === values.handoverSiteId),
  );
  const site = sites.find((s) => s.id === values.handoverSiteId);
  const campaignChoices = [
    { id: null, label: '不参加活动' },
    ...campaigns.map((c) => ({
      id: c.id,
      label: `${c.title}（${CAMPAIGN_STATE_LABELS[c.state]}）`,
    })),
  ];
  const campaignIndex = Math.max(
    0,
    campaignChoices.findIndex((c) => c.id === values.campaignId),
  );

  const goToFile = () => void Taro.navigateTo({ url: `/caseworker/file/index?id=${file.id}` });

  const explain = (e: unknown, draftSaved: boolean) => {
    const kept = draftSaved ? '心愿已存为草稿。' : '';
    // Server messages end without a full stop; what follows them needs one.
    const withKept = (m: string) => (kept && !/[。！？]$/.test(m) ? `${m}。${kept}` : `${m}${kept}`);
    const code = e instanceof ApiError ? e.code : '';
    const message = e instanceof ApiError ? e.message : '没有保存成功，请检查网络后重试';
    const found = serverFindings(e, { title: values.title, description: values.description });
    setRefused(found);
    switch (code) {
      case 'PRIVACY_FINDINGS':
        // The file's public story goes out with the wish: it may be what needs changing.
        return setProblem({
          tone: 'error',
          title: '公开内容需要修改',
          message: found.story
            ? withKept(
                `孩子档案里“公开的故事”有需要修改的地方：${found.story.findings.map((f) => `“${f.text}”`).join('、')}`,
              )
            : withKept(message),
          action: found.story
            ? {
                label: '去修改档案 ›',
                run: () => void Taro.navigateTo({ url: `/caseworker/file-edit/index?id=${file.id}` }),
              }
            : undefined,
        });
      case 'CONSENT_REQUIRED':
        return setProblem({
          tone: 'error',
          title: '还没有登记监护人同意',
          message: withKept(message),
          action: { label: '去孩子档案登记同意 ›', run: goToFile },
        });
      case 'CONTENT_RISKY':
        return setProblem({ tone: 'error', title: '内容没有通过安全检测', message: withKept(message) });
      case 'EDIT_CONFLICT':
      case 'WISH_NOT_EDITABLE':
      case 'WISH_TRANSITION_REFUSED':
        return setProblem({
          tone: 'warn',
          title: '这个心愿已经有了变化',
          message,
          action: { label: '重新加载（这次的修改不会保留）', run: onReload },
        });
    }
    const mapped = fieldErrorsFromApi(e, WISH_CODE_FIELDS);
    setErrors(mapped.fields);
    setProblem({ tone: 'error', message: withKept(mapped.general ?? '有几项需要修改，请看标红的地方') });
  };

  /** Saves what is on the screen; the saved wish, or null when it was refused (and said why). */
  const persist = async (): Promise<StaffWish | null> => {
    let found: FieldErrors;
    let request: () => Promise<StaffWish>;
    if (saved) {
      const update = wishUpdateBody(values, saved.version);
      found = update.errors;
      request = () => updateWish(saved.id, update.body);
    } else {
      const create = wishBody(values);
      found = create.errors;
      request = () => createWish(file.id, create.body);
    }
    setErrors(found);
    if (Object.keys(found).length) {
      setProblem({ tone: 'error', message: '有几项需要修改，请看标红的地方' });
      return null;
    }
    try {
      const next = await request();
      setSaved(next);
      return next;
    } catch (e) {
      explain(e, false);
      return null;
    }
  };

  const saveDraft = async () => {
    if (busy) return;
    setBusy('save');
    setProblem(null);
    const next = await persist();
    setBusy(null);
    if (next) void Taro.showToast({ title: '草稿已保存', icon: 'success' });
  };

  const submit = async () => {
    if (busy || blocked) return;
    setBusy('submit');
    setProblem(null);
    const next = await persist();
    if (next) {
      try {
        onSubmitted(await submitWish(next.id));
      } catch (e) {
        explain(e, true);
      }
    }
    setBusy(null);
  };

  return (
    <View className="wish-editor">
      {saved?.status === 'returned' && saved.returnReason && (
        <Notice tone="error" title="督导退回：" message={saved.returnReason} testId="return-reason" />
      )}
      <View className="cw-card">
        <Text className="cw-card__title">
          为 {file.pseudonym}（{file.age}岁 · {GENDER_LABELS[file.gender]} · {file.town.name}）写心愿
        </Text>
        <Text className="cw-card__sub">
          爱心人士会看到标题和说明。请只用化名，不写真名、学校班级、住址和电话。
        </Text>
        {!file.consent && (
          <Notice
            tone="warn"
            message="这份档案还没有登记监护人同意：可以先存草稿，登记同意后再提交审核。"
            action="去登记同意 ›"
            onAction={goToFile}
          />
        )}

        <Field
          label="标题"
          required
          hint="一句话说清想要什么，如 一个新书包"
          name="title"
          error={errors.title}
        >
          <Input
            className="cw-input"
            maxlength={TEXT_LIMITS.title}
            placeholder="如 一个新书包"
            value={values.title}
            onInput={(e) => set({ title: e.detail.value })}
            data-testid="input-title"
          />
          <PrivacyWarnings name="title" text={values.title} findings={titleFindings} />
        </Field>
        <Field
          label="说明"
          required
          hint="孩子为什么需要它、用来做什么。"
          name="description"
          error={errors.description}
        >
          <Textarea
            className="cw-textarea"
            maxlength={TEXT_LIMITS.description}
            autoHeight
            placeholder="如：小棋上三年级了，旧书包背带断了，想要一个结实的新书包。"
            value={values.description}
            onInput={(e) => set({ description: e.detail.value })}
            data-testid="input-description"
          />
          <Text className="cw-count">
            {values.description.length}/{TEXT_LIMITS.description}
          </Text>
          <PrivacyWarnings name="description" text={values.description} findings={descriptionFindings} />
        </Field>
        <Field label="类型" required name="kind" error={errors.kind}>
          <ChoiceChips
            choices={WISH_KINDS.map((k) => ({ value: k, label: WISH_KIND_LABELS[k] }))}
            value={values.kind}
            onChange={(k) => k && set({ kind: k })}
          />
        </Field>
        <Field label="数量" required name="quantity" error={errors.quantity}>
          <Input
            className="cw-input"
            type="number"
            maxlength={3}
            value={values.quantity}
            onInput={(e) => set({ quantity: e.detail.value })}
          />
        </Field>
        <Field
          label="预估金额（元）"
          required
          hint="大概要花多少钱，可以精确到角、分，如 128.5"
          name="estimatedValueFen"
          error={errors.estimatedValueFen}
        >
          <Input
            className="cw-input"
            type="digit"
            maxlength={10}
            placeholder="如 120"
            value={values.value}
            onInput={(e) => set({ value: e.detail.value })}
            data-testid="input-value"
          />
        </Field>
        <Field
          label="份数"
          required
          hint="1 份：由一位爱心人士认领；金额较大时可以分成几份，由几位爱心人士分别认领"
          name="shares"
          error={errors.shares}
        >
          <Input
            className="cw-input"
            type="number"
            maxlength={3}
            value={values.shares}
            onInput={(e) => set({ shares: e.detail.value })}
          />
          {perShare !== null && shares > 1 && (
            <Text className="cw-field__hint" data-testid="per-share">
              每份 {formatFen(perShare)}，共 {shares} 份，可由 {shares} 位爱心人士分别认领
            </Text>
          )}
          {value.ok && perShare === null && Number.isInteger(shares) && shares > 1 && !errors.shares && (
            <Text className="cw-field__error">
              {formatFen(value.fen)} 不能平均分成 {shares} 份，请调整金额或份数
            </Text>
          )}
        </Field>
        <Field
          label="转交点"
          required
          hint="礼物先送到这里，再由你转交给孩子。不会把孩子家的地址给爱心人士。"
          name="handoverSiteId"
          error={errors.handoverSiteId}
        >
          {sites.length === 0 ? (
            <Text className="cw-field__hint">本机构还没有转交点，请联系机构管理员添加。</Text>
          ) : (
            <Picker
              mode="selector"
              range={sites.map((s) => s.name)}
              value={siteIndex}
              onChange={(e) => set({ handoverSiteId: sites[Number(e.detail.value)]?.id ?? '' })}
            >
              <View className={`cw-picker ${site ? '' : 'cw-picker--empty'}`}>{site?.name ?? '请选择'}</View>
            </Picker>
          )}
        </Field>
        <Field label="活动" optional name="campaignId" error={errors.campaignId}>
          <Picker
            mode="selector"
            range={campaignChoices.map((c) => c.label)}
            value={campaignIndex}
            onChange={(e) => set({ campaignId: campaignChoices[Number(e.detail.value)]?.id ?? null })}
          >
            <View className="cw-picker">{campaignChoices[campaignIndex]?.label}</View>
          </Picker>
        </Field>
      </View>

      {problem && (
        <Notice
          tone={problem.tone}
          title={problem.title}
          message={problem.message}
          action={problem.action?.label}
          onAction={problem.action?.run}
          testId="wish-problem"
        />
      )}
      {blocked && (
        <Notice
          tone="error"
          message="标题或说明里还有可能暴露孩子身份的内容（红线标出），改好后才能提交审核。草稿可以先保存。"
          testId="privacy-blocked"
        />
      )}
      <View className="cw-actions">
        <ActionButton
          kind="ghost"
          disabled={busy !== null}
          onClick={() => void saveDraft()}
          testId="save-draft"
        >
          {busy === 'save' ? '正在保存…' : '保存草稿'}
        </ActionButton>
        <ActionButton disabled={busy !== null || blocked} onClick={() => void submit()} testId="submit-wish">
          {busy === 'submit' ? '正在提交…' : '提交审核'}
        </ActionButton>
      </View>
    </View>
  );
}
