import { Text, View } from '@tarojs/components';
import type { Outcome } from '../../lib/checks';

const MARK = { ok: '✓', failed: '✗', skipped: '·' } as const;

/** A verification's result: a headline, then each check as a line with ✓ or ✗. */
export function CheckLines({ outcome }: { outcome: Outcome }) {
  return (
    <View
      className={`pb-check pb-check--${outcome.status}`}
      data-testid="check-result"
      data-status={outcome.status}
    >
      <Text className="pb-check__summary" data-testid="check-summary">
        {outcome.summary}
      </Text>
      {outcome.lines.map((l) => (
        <View
          key={l.key}
          className={`pb-check__line pb-check__line--${l.state}`}
          data-testid="check-line"
          data-state={l.state}
        >
          <Text className="pb-check__mark">{MARK[l.state]}</Text>
          <Text className="pb-check__text">{l.text}</Text>
        </View>
      ))}
    </View>
  );
}
