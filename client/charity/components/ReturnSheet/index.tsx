import { Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { TEXT_LIMITS } from '../../../../shared/constants';
import { returnWishBodySchema } from '../../../../shared/schemas/staff-wishes';
import { checkWith } from '../../lib/field-errors';
import { ActionButton } from '../ActionButton';
import { addReason, oneLine, QUICK_REASONS } from './reasons';
import './index.scss';

/**
 * 退回修改: a sheet from the bottom with a required reason (quick picks fill it in) that the
 * caseworker will read. `error` is the server's refusal, shown above the buttons.
 */
export function ReturnSheet({
  busy,
  error,
  onCancel,
  onSubmit,
}: {
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const change = (text: string) => {
    setReason(oneLine(text));
    setProblem(null);
  };
  const submit = () => {
    if (busy) return;
    const issue = checkWith(returnWishBodySchema, { reason: reason.trim() }).reason;
    if (issue) return setProblem(issue);
    onSubmit(reason.trim());
  };

  return (
    <View className="return-sheet" data-testid="return-sheet">
      <View className="return-sheet__mask" onClick={() => !busy && onCancel()} />
      <View className="return-sheet__panel">
        <Text className="return-sheet__title">退回修改</Text>
        <Text className="return-sheet__hint">社工会看到这段话，请写清楚需要改什么。</Text>
        <View className="return-sheet__picks">
          {QUICK_REASONS.map((r) => (
            <Text
              key={r}
              className={`return-sheet__pick ${reason.includes(r) ? 'return-sheet__pick--on' : ''}`}
              onClick={() => change(addReason(reason, r))}
            >
              {r}
            </Text>
          ))}
        </View>
        <View className={`ch-field ${problem ? 'ch-field--invalid' : ''}`}>
          <Text className="ch-field__label">
            退回原因<Text className="ch-field__required">*</Text>
          </Text>
          <View className="ch-field__body">
            <Textarea
              className="ch-textarea return-sheet__textarea"
              value={reason}
              maxlength={TEXT_LIMITS.reason}
              placeholder="例如：描述里写了学校名称，请删去后再提交"
              onInput={(e) => change(e.detail.value)}
              data-testid="return-reason"
            />
          </View>
          <Text className="ch-field__count">
            {reason.length}/{TEXT_LIMITS.reason}
          </Text>
          {problem && (
            <Text className="ch-field__error" data-testid="return-reason-error">
              {problem}
            </Text>
          )}
        </View>
        {error && <Text className="ch-form-error">{error}</Text>}
        <View className="return-sheet__actions">
          <ActionButton look="quiet" off={busy} onClick={onCancel}>
            取消
          </ActionButton>
          <ActionButton off={busy} onClick={submit} testId="return-submit">
            {busy ? '正在退回…' : '确认退回'}
          </ActionButton>
        </View>
      </View>
    </View>
  );
}
