import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { TEXT_LIMITS } from '../../../../shared/constants';
import type { Campaign } from '../../../../shared/schemas/staff-wishes';
import { createCampaign } from '../../../api/staff-wishes';
import { ActionButton } from '../ActionButton';
import { Field } from '../Field';
import { formatDate } from '../CampaignRow';
import {
  campaignBody,
  checkCampaignForm,
  emptyCampaignForm,
  type CampaignForm as Form,
} from '../../lib/campaign-form';
import { fieldErrorsFromApi, type FieldErrors } from '../../lib/field-errors';
import './index.scss';

/** Refusals worded for this form; a date refusal sits under the end date. */
const CODE_FIELDS = { CAMPAIGN_DATES_INVALID: 'endsOn' };
const CODE_MESSAGES = {
  CAMPAIGN_DATES_INVALID: '结束日期不能早于开始日期，也不能早于今天',
  FORBIDDEN: '只有机构管理员或督导可以创建活动',
};

/** 发起新活动: theme, description, dates, target. Keeps what was typed when the server refuses. */
export function CampaignForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: Campaign) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<Form>(() => emptyCampaignForm(Date.now()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof Form, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors(({ [field]: _, ...rest }) => rest);
  };

  const submit = async () => {
    if (busy) return;
    const found = checkCampaignForm(form);
    setErrors(found);
    if (Object.keys(found).length) return setGeneral('有几项需要修改，请看标红的地方');
    setGeneral(null);
    setBusy(true);
    try {
      onCreated(await createCampaign(campaignBody(form)));
    } catch (e) {
      const refused = fieldErrorsFromApi(e, CODE_FIELDS, CODE_MESSAGES);
      setErrors(refused.fields);
      setGeneral(refused.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ch-card" data-testid="campaign-form">
      <Text className="ch-card__title">发起新活动</Text>
      <Text className="ch-card__sub">一轮活动有主题和起止日期，社工发布心愿时可以加入活动。</Text>

      <Field label="活动主题" error={errors.title}>
        <Input
          className="ch-input"
          value={form.title}
          maxlength={TEXT_LIMITS.campaignTitle}
          placeholder="如：六一·点亮微心愿"
          onInput={(e) => set('title', e.detail.value)}
          data-testid="campaign-title"
        />
      </Field>
      <Field label="活动说明" optional error={errors.description}>
        <Textarea
          className="ch-textarea"
          value={form.description}
          maxlength={TEXT_LIMITS.campaignDescription}
          placeholder="写给爱心人士看：这轮活动为谁、想做成什么"
          onInput={(e) => set('description', e.detail.value)}
          data-testid="campaign-description"
        />
      </Field>
      <Field label="开始日期" error={errors.startsOn}>
        <Picker mode="date" value={form.startsOn} onChange={(e) => set('startsOn', String(e.detail.value))}>
          <View className="ch-picker" data-testid="campaign-starts">
            {formatDate(form.startsOn)}
          </View>
        </Picker>
      </Field>
      <Field label="结束日期" error={errors.endsOn}>
        <Picker
          mode="date"
          value={form.endsOn}
          start={form.startsOn}
          onChange={(e) => set('endsOn', String(e.detail.value))}
        >
          <View className="ch-picker" data-testid="campaign-ends">
            {formatDate(form.endsOn)}
          </View>
        </Picker>
      </Field>
      <Field label="目标心愿数" error={errors.targetWishCount}>
        <Input
          className="ch-input"
          type="number"
          value={form.targetWishCount}
          maxlength={6}
          placeholder="这轮活动想帮多少个心愿，如 20"
          onInput={(e) => set('targetWishCount', e.detail.value.trim())}
          data-testid="campaign-target"
        />
      </Field>

      {general && (
        <Text className="ch-form-error" data-testid="campaign-form-error">
          {general}
        </Text>
      )}
      <View className="campaign-form__actions">
        <ActionButton look="quiet" off={busy} onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton off={busy} onClick={() => void submit()} testId="campaign-submit">
          {busy ? '正在创建…' : '创建活动'}
        </ActionButton>
      </View>
    </View>
  );
}
