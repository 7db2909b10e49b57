import { Input, Text, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import {
  SHIPPING_MODE_LABELS,
  SHIPPING_MODES,
  TEXT_LIMITS,
  type ShippingMode,
} from '../../../../shared/constants';
import { shipBodySchema, type ShipBody } from '../../../../shared/schemas/claims';
import { checkWith, type FieldErrors } from '../../lib/field-errors';
import { DonorButton } from '../DonorButton';
import { DonorField } from '../DonorField';

/** In the mini-program, keeps the page behind a sheet from scrolling. */
const stopScrollThrough = process.env.TARO_ENV === 'weapp' ? { catchMove: true } : {};

/** What every step sheet shares: a title, a hint, fields, the server's refusal, two buttons. */
function Sheet({
  title,
  hint,
  testId,
  busy,
  error,
  submitLabel,
  submitKind = 'primary',
  onCancel,
  onSubmit,
  children,
}: {
  title: string;
  hint: string;
  testId: string;
  busy: boolean;
  error: string | null;
  submitLabel: string;
  submitKind?: 'primary' | 'danger';
  onCancel: () => void;
  onSubmit: () => void;
  children?: ReactNode;
}) {
  return (
    <View className="dn-sheet" data-testid={testId} {...stopScrollThrough}>
      <View className="dn-sheet__mask" onClick={() => !busy && onCancel()} />
      <View className="dn-sheet__panel" role="dialog" aria-label={title}>
        <Text className="dn-sheet__title">{title}</Text>
        <Text className="dn-sheet__hint">{hint}</Text>
        {children}
        {error && (
          <View className="dn-sheet__error" role="alert" data-testid="sheet-error">
            {error}
          </View>
        )}
        <View className="dn-sheet__actions">
          <DonorButton kind="quiet" disabled={busy} onClick={onCancel}>
            再想想
          </DonorButton>
          <DonorButton kind={submitKind} disabled={busy} onClick={onSubmit} testId={`${testId}-submit`}>
            {busy ? '正在提交…' : submitLabel}
          </DonorButton>
        </View>
      </View>
    </View>
  );
}

function TextInput({
  value,
  onChange,
  placeholder,
  maxlength,
  testId,
}: {
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  maxlength: number;
  testId: string;
}) {
  return (
    <Input
      className="dn-input"
      value={value}
      placeholder={placeholder}
      maxlength={maxlength}
      onInput={(e) => onChange(e.detail.value)}
      data-testid={testId}
    />
  );
}

interface StepSheetProps {
  busy: boolean;
  error: string | null;
  fieldErrors: FieldErrors;
  onCancel: () => void;
}

/** 已购买: an optional note for the hand-over point. */
export function PurchaseSheet({
  busy,
  error,
  fieldErrors,
  onCancel,
  onSubmit,
}: StepSheetProps & {
  onSubmit: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  return (
    <Sheet
      title="礼物已经买好了"
      hint="标记后转交点会知道礼物快到了。买好后记得寄出或送到转交点。"
      testId="purchase-sheet"
      busy={busy}
      error={error}
      submitLabel="标记已购买"
      onCancel={onCancel}
      onSubmit={() => onSubmit(note.trim())}
    >
      <DonorField label="说明" name="note" optional error={fieldErrors.note}>
        <TextInput
          value={note}
          onChange={setNote}
          placeholder="例如：买了蓝色的，尺码 36"
          maxlength={TEXT_LIMITS.note}
          testId="purchase-note"
        />
      </DonorField>
    </Sheet>
  );
}

const CARRIERS = ['顺丰', '中通', '圆通', '韵达', '申通', '邮政', '京东'];

/** 寄出: by post (carrier and tracking number) or brought in person. */
export function ShipSheet({
  busy,
  error,
  fieldErrors,
  onCancel,
  onSubmit,
}: StepSheetProps & {
  onSubmit: (body: ShipBody) => void;
}) {
  const [mode, setMode] = useState<ShippingMode>('post');
  const [carrier, setCarrier] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<FieldErrors>({});
  const errors = { ...fieldErrors, ...checked };

  const body = (): ShipBody =>
    mode === 'post'
      ? { mode, carrier: carrier.trim(), trackingNumber: trackingNumber.trim(), note: note.trim() || null }
      : { mode, note: note.trim() || null };
  const submit = () => {
    const problems = checkWith(shipBodySchema, body());
    setChecked(problems);
    if (Object.keys(problems).length === 0) onSubmit(body());
  };
  const edit = (set: (v: string) => void, field: string) => (v: string) => {
    set(v);
    setChecked((c) => {
      const next = { ...c };
      delete next[field];
      return next;
    });
  };

  return (
    <Sheet
      title="寄出礼物"
      hint="告诉转交点礼物怎么过去，社工会留意签收。"
      testId="ship-sheet"
      busy={busy}
      error={error}
      submitLabel={mode === 'post' ? '确认已寄出' : '确认会送到'}
      onCancel={onCancel}
      onSubmit={submit}
    >
      <DonorField label="怎么送过去" name="mode" error={errors.mode}>
        <View className="dn-chips">
          {SHIPPING_MODES.map((m) => (
            <View
              key={m}
              className={`dn-chip ${mode === m ? 'dn-chip--on' : ''}`}
              role="radio"
              aria-checked={mode === m}
              data-testid={`ship-mode-${m}`}
              onClick={() => setMode(m)}
            >
              {SHIPPING_MODE_LABELS[m]}
            </View>
          ))}
        </View>
      </DonorField>
      {mode === 'post' ? (
        <>
          <DonorField label="快递公司" name="carrier" error={errors.carrier}>
            <TextInput
              value={carrier}
              onChange={edit(setCarrier, 'carrier')}
              placeholder="例如：顺丰"
              maxlength={TEXT_LIMITS.carrier}
              testId="ship-carrier"
            />
            <View className="dn-chips dn-chips--small">
              {CARRIERS.map((c) => (
                <Text
                  key={c}
                  className={`dn-chip ${carrier === c ? 'dn-chip--on' : ''}`}
                  onClick={() => edit(setCarrier, 'carrier')(c)}
                >
                  {c}
                </Text>
              ))}
            </View>
          </DonorField>
          <DonorField label="快递单号" name="trackingNumber" error={errors.trackingNumber}>
            <TextInput
              value={trackingNumber}
              onChange={edit(setTrackingNumber, 'trackingNumber')}
              placeholder="快递单上的编号"
              maxlength={TEXT_LIMITS.trackingNumber}
              testId="ship-tracking"
            />
          </DonorField>
        </>
      ) : (
        <Text className="dn-sheet__hint dn-sheet__hint--box">
          送到时请告诉社工，这是为哪个心愿准备的礼物。转交点的地址和电话在认领页上。
        </Text>
      )}
      <DonorField label="给社工的话" name="note" optional error={errors.note}>
        <TextInput
          value={note}
          onChange={edit(setNote, 'note')}
          placeholder={mode === 'post' ? '例如：一共两个包裹' : '例如：周六上午送到'}
          maxlength={TEXT_LIMITS.note}
          testId="ship-note"
        />
      </DonorField>
    </Sheet>
  );
}

/** 退出认领: a confirmation with an optional reason; the wish goes back to the pool. */
export function WithdrawSheet({
  busy,
  error,
  fieldErrors,
  onCancel,
  onSubmit,
}: StepSheetProps & {
  onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Sheet
      title="退出认领？"
      hint="退出后心愿会回到心愿池，其他爱心人士可以接着认领。"
      testId="withdraw-sheet"
      busy={busy}
      error={error}
      submitLabel="确认退出"
      submitKind="danger"
      onCancel={onCancel}
      onSubmit={() => onSubmit(reason.trim())}
    >
      <DonorField label="原因" name="reason" optional error={fieldErrors.reason}>
        <TextInput
          value={reason}
          onChange={setReason}
          placeholder="例如：临时出差，来不及寄出"
          maxlength={TEXT_LIMITS.reason}
          testId="withdraw-reason"
        />
      </DonorField>
    </Sheet>
  );
}
