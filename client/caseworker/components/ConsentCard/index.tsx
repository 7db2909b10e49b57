import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { consentBodySchema, type BeneficiaryFile } from '../../../../shared/schemas/beneficiaries';
import { recordConsent, withdrawConsent } from '../../../api/beneficiaries';
import { errorMessage } from '../../../api/http';
import { formatDateTime } from '../../lib/dates';
import { checkWith, fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../../lib/field-errors';
import { consentBody, emptyConsent, type ConsentValues } from '../../lib/file-form';
import { ActionButton } from '../ActionButton';
import { ConsentFields } from '../ConsentFields';
import { Fact } from '../Fact';
import { Notice } from '../Notice';

const yesNo = (b: boolean) => (b ? '同意' : '不同意');

/** The guardian's consent on a file: what is in force, record a new one, or withdraw it. */
export function ConsentCard({
  file,
  onChanged,
}: {
  file: BeneficiaryFile;
  onChanged: (file: BeneficiaryFile) => void;
}) {
  const inForce = file.consents.find((c) => c.withdrawnAt === null) ?? null;
  const withdrawn = file.consents.filter((c) => c.withdrawnAt !== null);
  const [form, setForm] = useState<ConsentValues | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const openForm = () => {
    setErrors({});
    setGeneral(null);
    setForm({
      ...emptyConsent(Date.now()),
      guardianName: file.restricted.guardianName ?? '',
      relation: file.restricted.guardianRelation ?? '',
    });
  };

  const save = async () => {
    if (!form || busy) return;
    const found = checkWith(consentBodySchema, consentBody(form));
    setErrors(found);
    if (Object.keys(found).length) return setGeneral('有几项需要修改，请看标红的地方');
    setBusy(true);
    try {
      const saved = await recordConsent(file.id, consentBody(form));
      setForm(null);
      setGeneral(null);
      void Taro.showToast({ title: '已登记同意', icon: 'success' });
      onChanged(saved);
    } catch (e) {
      const mapped = fieldErrorsFromApi(e);
      setErrors(mapped.fields);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回监护人同意？',
      // The H5 dialog shows about three lines: keep it short.
      content: '撤回后，孩子已发布的心愿会马上下架，待审核的也不能通过。以后可以重新登记。',
      confirmText: '确认撤回',
      confirmColor: '#c92a2a',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      onChanged(await withdrawConsent(file.id));
      void Taro.showToast({ title: '已撤回同意', icon: 'none' });
    } catch (e) {
      setGeneral(errorMessage(e, '撤回没有成功，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="cw-card" data-testid="consent-card">
      <View className="cw-row__head">
        <Text className="cw-card__title cw-grow">监护人同意</Text>
        {inForce ? (
          <Text className="cw-tag cw-tag--ok">已登记同意</Text>
        ) : (
          <Text className="cw-tag cw-tag--warn">未登记同意</Text>
        )}
      </View>
      {inForce ? (
        <View className="cw-facts">
          <Fact k="同意人" v={`${inForce.guardianName}（${inForce.relation}）`} />
          <Fact k="同意日期" v={inForce.consentedOn} />
          <Fact k="公开故事" v={yesNo(inForce.publishStory)} />
          <Fact k="公开照片" v={yesNo(inForce.publishPhotos)} />
        </View>
      ) : (
        !form && <Text className="cw-card__sub">登记监护人同意后，才能为孩子提交心愿、公开心愿。</Text>
      )}
      {withdrawn.map((c) => (
        <Text key={c.id} className="cw-card__sub">
          {c.guardianName}（{c.relation}）{c.consentedOn} 的同意已于 {formatDateTime(c.withdrawnAt ?? '')}{' '}
          撤回
        </Text>
      ))}

      {form && (
        <View>
          <ConsentFields
            values={form}
            onChange={(patch) => {
              setForm((f) => (f ? { ...f, ...patch } : f));
              setErrors((e) => withoutErrors(e, Object.keys(patch)));
            }}
            errors={errors}
            prefix=""
          />
          <View className="cw-actions cw-actions--flush">
            <ActionButton kind="ghost" disabled={busy} onClick={() => setForm(null)}>
              取消
            </ActionButton>
            <ActionButton disabled={busy} onClick={() => void save()}>
              {busy ? '正在保存…' : '保存同意'}
            </ActionButton>
          </View>
        </View>
      )}
      {general && <Notice tone="error" message={general} />}
      {!form && (
        <View className="cw-actions cw-actions--flush">
          {inForce ? (
            <ActionButton kind="danger" disabled={busy} onClick={() => void withdraw()}>
              撤回同意
            </ActionButton>
          ) : (
            <ActionButton disabled={busy} onClick={openForm} testId="record-consent">
              登记同意
            </ActionButton>
          )}
        </View>
      )}
    </View>
  );
}
