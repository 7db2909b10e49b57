import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { errorMessage } from '../../../api/http';
import type { Outcome } from '../../lib/checks';
import { CheckLines } from '../CheckLines';

/**
 * A button that runs a check in the browser and shows its lines. A network failure is not a ✗:
 * nothing was checked, so it says so and the button stays to try again.
 */
export function VerifyButton({
  label,
  run,
  testId,
}: {
  label: string;
  run: () => Promise<Outcome>;
  testId: string;
}) {
  const [state, setState] = useState<
    { s: 'idle' } | { s: 'busy' } | { s: 'done'; outcome: Outcome } | { s: 'error'; message: string }
  >({ s: 'idle' });
  const start = () => {
    if (state.s === 'busy') return;
    setState({ s: 'busy' });
    run().then(
      (outcome) => setState({ s: 'done', outcome }),
      (e: unknown) => setState({ s: 'error', message: errorMessage(e, '没能取到账本数据，请稍后再试') }),
    );
  };
  return (
    <View>
      {state.s === 'done' && <CheckLines outcome={state.outcome} />}
      {state.s === 'error' && (
        <Text className="pb-check__error" data-testid="check-error">
          {state.message}（还没有核验）
        </Text>
      )}
      <View
        className={`pb-button pb-button--primary${state.s === 'busy' ? ' pb-button--busy' : ''}`}
        role="button"
        onClick={start}
        data-testid={testId}
      >
        {state.s === 'busy' ? '正在核验…' : state.s === 'idle' ? label : '再核验一次'}
      </View>
    </View>
  );
}
