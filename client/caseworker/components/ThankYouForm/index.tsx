import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { TEXT_LIMITS } from '../../../../shared/constants';
import { lintPublicText } from '../../../../shared/privacy-lint';
import { thankDonors } from '../../../api/fulfilment';
import { PhotoPicker, type PhotoPickerValue } from '../../../components/PhotoPicker';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../../lib/field-errors';
import { thankYouRequest } from '../../lib/fulfilment';
import { blocks } from '../../lib/privacy';
import { ActionButton } from '../ActionButton';
import { Field } from '../Field';
import { Notice } from '../Notice';
import { PrivacyWarnings } from '../PrivacyWarnings';

/** 写感谢信: the child's words (and a photo of a drawing or letter) for the donors. */
export function ThankYouForm({
  wishId,
  pseudonym,
  onDone,
}: {
  wishId: string;
  pseudonym: string;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<PhotoPickerValue>({ ids: [], uploading: false });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Donors read it: a phone number, an ID number or a school must not slip in.
  const findings = useMemo(() => lintPublicText(text), [text]);
  const over = text.length > TEXT_LIMITS.thankYou;
  const ready = text.trim().length > 0 && !over && !blocks(findings) && !photo.uploading && !busy;

  const submit = async () => {
    const { body, errors: found } = thankYouRequest(text, photo.ids[0] ?? null);
    setErrors(found);
    setGeneral(null);
    if (!body || !ready) return;
    setBusy(true);
    try {
      await thankDonors(wishId, body);
      void Taro.showToast({ title: '感谢信已发出', icon: 'success' });
      onDone();
    } catch (e) {
      const { fields, general: g } = fieldErrorsFromApi(e, { MEDIA_NOT_USABLE: 'photoId' });
      setErrors(fields);
      setGeneral(g);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="cw-card" data-testid="thank-you-form">
      <Text className="cw-card__title">写感谢信</Text>
      <Text className="cw-card__sub">
        写下{pseudonym}想对爱心人士说的话，可以是孩子的原话。只用化名，不写真名、学校和住址。
      </Text>
      <Field label="感谢的话" required name="text" error={errors.text}>
        <Textarea
          className="cw-textarea"
          maxlength={TEXT_LIMITS.thankYou}
          autoHeight
          placeholder="如：谢谢叔叔阿姨送我的新书包，我会好好学习的！"
          value={text}
          onInput={(e) => {
            setText(e.detail.value);
            setErrors((x) => withoutErrors(x, ['text']));
          }}
          data-testid="input-thank-you"
        />
        <Text className={`cw-count ${over ? 'cw-count--over' : ''}`} data-testid="thank-you-count">
          {text.length}/{TEXT_LIMITS.thankYou}
        </Text>
        {over && !errors.text && (
          <Text className="cw-field__error" data-testid="thank-you-over">
            超出了 {text.length - TEXT_LIMITS.thankYou} 个字，请删短一些
          </Text>
        )}
        <PrivacyWarnings name="thank-you" text={text} findings={findings} />
      </Field>
      <Field
        label="孩子的画或信"
        optional
        name="photoId"
        error={errors.photoId}
        hint="可以拍一张孩子画的画或写的信。"
      >
        <PhotoPicker
          purpose="thank_you"
          max={1}
          disabled={busy}
          onChange={setPhoto}
          testId="thank-you-photo"
        />
      </Field>
      {general && <Notice tone="error" message={general} testId="thank-you-error" />}
      <View className="cw-actions cw-actions--flush">
        <ActionButton disabled={!ready} onClick={() => void submit()} testId="thank-you-submit">
          {busy ? '正在发送…' : '发送感谢信'}
        </ActionButton>
      </View>
    </View>
  );
}
