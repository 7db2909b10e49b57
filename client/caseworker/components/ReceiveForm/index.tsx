import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import {
  RECEIVED_CONDITION_LABELS,
  RECEIVED_CONDITIONS,
  TEXT_LIMITS,
  WISH_QUANTITY_MAX,
  type ReceivedCondition,
} from '../../../../shared/constants';
import { receiveClaim } from '../../../api/fulfilment';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../../lib/field-errors';
import { receiveRequest } from '../../lib/fulfilment';
import { ActionButton } from '../ActionButton';
import { ChoiceChips } from '../ChoiceChips';
import { Field } from '../Field';
import { Notice } from '../Notice';

const CONDITIONS = RECEIVED_CONDITIONS.map((c) => ({ value: c, label: RECEIVED_CONDITION_LABELS[c] }));

/** Whole numbers typed as text (full-width digits too); anything else is NaN and refused by the schema. */
function parseQuantity(text: string): number {
  const ascii = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return /^\d{1,4}$/.test(ascii) ? Number(ascii) : Number.NaN;
}

/**
 * 签收 one shipped gift: how many arrived (the expected number to start with) and in what state.
 * Anything but "完好, all of it" goes back to the donor as a problem, with the note as its reason.
 */
export function ReceiveForm({
  claimId,
  expected,
  onDone,
}: {
  claimId: string;
  expected: number;
  onDone: () => void;
}) {
  const [quantity, setQuantity] = useState(String(expected));
  const [condition, setCondition] = useState<ReceivedCondition | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const n = parseQuantity(quantity);
  const problem = condition !== null && condition !== 'good';
  const step = (delta: number) => {
    const next = Math.min(WISH_QUANTITY_MAX, Math.max(0, (Number.isNaN(n) ? expected : n) + delta));
    setQuantity(String(next));
    setErrors((e) => withoutErrors(e, ['quantity']));
  };

  const submit = async () => {
    if (busy) return;
    const { body, errors: found } = receiveRequest({ quantity: n, condition, note }, expected);
    setErrors(found);
    setGeneral(null);
    if (!body) return;
    setBusy(true);
    try {
      await receiveClaim(claimId, body);
      void Taro.showToast({
        title: body.condition === 'good' ? '已签收' : '已告诉爱心人士',
        icon: body.condition === 'good' ? 'success' : 'none',
      });
      onDone();
    } catch (e) {
      const { fields, general: g } = fieldErrorsFromApi(e);
      setErrors(fields);
      setGeneral(g);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="receive-form" data-testid="receive-form">
      <Field label="收到的数量" required name="quantity" error={errors.quantity} hint={`应到 ${expected} 件`}>
        <View className="cw-stepper">
          <View
            className="cw-stepper__button"
            role="button"
            aria-label="减一"
            data-testid="quantity-minus"
            onClick={() => step(-1)}
          >
            −
          </View>
          <Input
            className="cw-input cw-stepper__input"
            type="number"
            value={quantity}
            onInput={(e) => {
              setQuantity(e.detail.value);
              setErrors((x) => withoutErrors(x, ['quantity']));
            }}
            data-testid="input-quantity"
          />
          <View
            className="cw-stepper__button"
            role="button"
            aria-label="加一"
            data-testid="quantity-plus"
            onClick={() => step(1)}
          >
            +
          </View>
        </View>
      </Field>
      <Field label="物品状况" required name="condition" error={errors.condition}>
        <ChoiceChips
          choices={CONDITIONS}
          value={condition}
          onChange={(c) => {
            setCondition(c);
            setErrors((x) => withoutErrors(x, ['condition', 'note', 'quantity']));
          }}
          testId="choice-condition"
        />
      </Field>
      {problem && (
        <Field
          label="问题说明"
          required
          name="note"
          error={errors.note}
          hint="爱心人士会看到这段说明，请写清楚哪里不对，方便对方补寄或更换。"
        >
          <Textarea
            className="cw-textarea"
            maxlength={TEXT_LIMITS.note}
            autoHeight
            placeholder="如：书包拉链坏了，侧袋撕开了一个口子。"
            value={note}
            onInput={(e) => {
              setNote(e.detail.value);
              setErrors((x) => withoutErrors(x, ['note']));
            }}
            data-testid="input-note"
          />
          <Text className="cw-count">
            {note.length}/{TEXT_LIMITS.note}
          </Text>
        </Field>
      )}
      {general && <Notice tone="error" message={general} testId="receive-error" />}
      <View className="cw-actions cw-actions--flush">
        <ActionButton
          kind={problem ? 'danger' : 'primary'}
          disabled={busy}
          onClick={() => void submit()}
          testId="receive-submit"
        >
          {busy ? '正在提交…' : problem ? '提交问题，通知爱心人士' : '确认签收'}
        </ActionButton>
      </View>
    </View>
  );
}
