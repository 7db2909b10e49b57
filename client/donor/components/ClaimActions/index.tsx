import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ClaimEvent } from '../../../../shared/claim-lifecycle';
import type { ClaimDetail, ShipBody } from '../../../../shared/schemas/claims';
import { confirmClaim, markPurchased, markShipped, withdrawClaim } from '../../../api/claims';
import { ApiError, errorMessage } from '../../../api/http';
import { fieldErrorsFromApi, type FieldErrors } from '../../lib/field-errors';
import { DonorButton } from '../DonorButton';
import { PurchaseSheet, ShipSheet, WithdrawSheet } from '../StepSheets';

type Sheet = 'purchase' | 'ship' | 'withdraw';

const DONE_TOASTS: Record<Sheet | 'confirm', string> = {
  purchase: '已标记为已购买',
  ship: '已告诉转交点',
  withdraw: '已退出认领',
  confirm: '认领已完成，谢谢你',
};

/**
 * The donor's next steps, as the server allows them now (`claim.actions`): 已购买, 寄出,
 * 确认完成, 退出认领. Each answer replaces the claim on screen; a step the claim has moved past
 * (someone acted meanwhile) reloads it.
 */
export function ClaimActions({
  claim,
  onChanged,
  onStale,
}: {
  claim: ClaimDetail;
  onChanged: (claim: ClaimDetail) => void;
  onStale: () => void;
}) {
  const can = (e: ClaimEvent) => claim.actions.includes(e);
  const [open, setOpen] = useState<Sheet | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const show = (sheet: Sheet | null) => {
    setOpen(sheet);
    setError(null);
    setFieldErrors({});
  };

  const run = async (step: Sheet | 'confirm', action: () => Promise<ClaimDetail>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const next = await action();
      setOpen(null);
      onChanged(next);
      void Taro.showToast({ title: DONE_TOASTS[step], icon: 'none' });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CLAIM_STEP_REFUSED' || e.code === 'CLAIM_NOT_FOUND')) {
        // The claim moved on (released, received…): show where it stands now.
        setOpen(null);
        void Taro.showToast({ title: e.message, icon: 'none', duration: 3000 });
        onStale();
      } else if (open) {
        const { fields, general } = fieldErrorsFromApi(e);
        setFieldErrors(fields);
        setError(general);
      } else {
        void Taro.showToast({ title: errorMessage(e, '提交失败，请稍后重试'), icon: 'none' });
      }
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    const answer = await Taro.showModal({
      title: '确认完成？',
      content: '确认孩子已经收到礼物，这次认领就完成了。',
      confirmText: '确认完成',
      cancelText: '再看看',
    });
    if (answer.confirm) await run('confirm', () => confirmClaim(claim.id));
  };

  const main = can('ship') || can('purchase') || can('confirm');
  if (!main && !can('withdraw')) return null;
  return (
    <View className="dn-actions" data-testid="claim-actions">
      {main && (
        <View className="dn-actions__row">
          {can('purchase') && (
            <DonorButton kind="ghost" onClick={() => show('purchase')} testId="action-purchase">
              已购买
            </DonorButton>
          )}
          {can('ship') && (
            <DonorButton onClick={() => show('ship')} testId="action-ship">
              {claim.stage === 'problem' ? '重新寄出' : '寄出 / 送到'}
            </DonorButton>
          )}
          {can('confirm') && (
            <DonorButton disabled={busy} onClick={() => void confirm()} testId="action-confirm">
              确认完成
            </DonorButton>
          )}
        </View>
      )}
      {can('withdraw') && (
        <Text className="dn-actions__withdraw" onClick={() => show('withdraw')} data-testid="action-withdraw">
          来不及了？退出认领
        </Text>
      )}

      {open === 'purchase' && (
        <PurchaseSheet
          busy={busy}
          error={error}
          fieldErrors={fieldErrors}
          onCancel={() => show(null)}
          onSubmit={(note) => void run('purchase', () => markPurchased(claim.id, { note: note || null }))}
        />
      )}
      {open === 'ship' && (
        <ShipSheet
          busy={busy}
          error={error}
          fieldErrors={fieldErrors}
          onCancel={() => show(null)}
          onSubmit={(body: ShipBody) => void run('ship', () => markShipped(claim.id, body))}
        />
      )}
      {open === 'withdraw' && (
        <WithdrawSheet
          busy={busy}
          error={error}
          fieldErrors={fieldErrors}
          onCancel={() => show(null)}
          onSubmit={(reason) =>
            void run('withdraw', () => withdrawClaim(claim.id, { reason: reason || null }))
          }
        />
      )}
    </View>
  );
}
