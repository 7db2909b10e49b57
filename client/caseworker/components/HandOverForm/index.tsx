import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { HANDOVER_PHOTOS_MAX, HANDOVER_PHOTOS_MIN, TEXT_LIMITS } from '../../../../shared/constants';
import { handOverWish } from '../../../api/fulfilment';
import { PhotoPicker, type PhotoPickerValue } from '../../../components/PhotoPicker';
import { fieldErrorsFromApi, type FieldErrors } from '../../lib/field-errors';
import { ActionButton } from '../ActionButton';
import { Field } from '../Field';
import { Notice } from '../Notice';

/** 转交: the gifts reached the child — proof photos (1–6) and an optional note, seen by the donors. */
export function HandOverForm({ wishId, onDone }: { wishId: string; onDone: () => void }) {
  const [photos, setPhotos] = useState<PhotoPickerValue>({ ids: [], uploading: false });
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const enough = photos.ids.length >= HANDOVER_PHOTOS_MIN;
  const ready = enough && !photos.uploading && !busy;
  const why = photos.uploading
    ? '照片还在上传，传完就可以确认'
    : !enough
      ? `请先上传至少 ${HANDOVER_PHOTOS_MIN} 张转交照片`
      : null;

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      await handOverWish(wishId, { photoIds: photos.ids, note });
      void Taro.showToast({ title: '已确认转交', icon: 'success' });
      onDone();
    } catch (e) {
      const { fields, general: g } = fieldErrorsFromApi(e, { MEDIA_NOT_USABLE: 'photoIds' });
      setErrors(fields);
      setGeneral(g);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="cw-card" data-testid="handover-form">
      <Text className="cw-card__title">转交给孩子</Text>
      <Text className="cw-card__sub">
        礼物交到孩子手里时拍几张照片。照片会给认领的爱心人士看：拍礼物和交接的场景，尽量不拍孩子的正脸和门牌。
      </Text>
      <Field label="转交照片" required name="photoIds" error={errors.photoIds}>
        <PhotoPicker
          purpose="handover"
          min={HANDOVER_PHOTOS_MIN}
          max={HANDOVER_PHOTOS_MAX}
          disabled={busy}
          onChange={setPhotos}
          testId="handover-photos"
        />
      </Field>
      <Field label="转交说明" optional name="note" error={errors.note}>
        <Textarea
          className="cw-textarea"
          maxlength={TEXT_LIMITS.note}
          autoHeight
          placeholder="如：今天在儿童之家交给了孩子，孩子马上背上了新书包。"
          value={note}
          onInput={(e) => setNote(e.detail.value)}
          data-testid="input-handover-note"
        />
        <Text className="cw-count">
          {note.length}/{TEXT_LIMITS.note}
        </Text>
      </Field>
      {general && <Notice tone="error" message={general} testId="handover-error" />}
      <View className="cw-actions cw-actions--flush">
        <ActionButton disabled={!ready} onClick={() => void submit()} testId="handover-submit">
          {busy ? '正在提交…' : '确认转交'}
        </ActionButton>
      </View>
      {why && !busy && (
        <Text className="fulfilment-page__why" data-testid="handover-why">
          {why}
        </Text>
      )}
    </View>
  );
}
