import { Text, View } from '@tarojs/components';
import type { ReportCharts } from '../../../../shared/schemas/reports';
import { UrgencyTag } from '../../../components/UrgencyTag';
import { fulfilRows, hoursText } from '../../lib/report-view';

/**
 * How fast wishes were claimed and handed over, per urgency colour (median), against the time
 * each colour promises (red: 48 hours). One scale for all rows; the dark line is the promise.
 */
export function FulfilChart({ rows }: { rows: ReportCharts['timeToFulfil'] }) {
  const shown = fulfilRows(rows);
  if (shown.length === 0) return <Text className="pb-empty">这一期还没有转交完成的心愿</Text>;
  return (
    <View data-testid="chart-fulfil">
      {shown.map((r) => (
        <View key={r.urgency} className="pb-fulfil" data-urgency={r.urgency}>
          <View className="pb-fulfil__head">
            <UrgencyTag level={r.urgency} />
            <Text className="pb-fulfil__count">{r.wishes} 个心愿</Text>
            {r.kept !== null && (
              <Text className={`pb-fulfil__verdict pb-fulfil__verdict--${r.kept ? 'ok' : 'late'}`}>
                {r.kept ? '按时' : '超时'}
              </Text>
            )}
          </View>
          <View className="pb-fulfil__track">
            <View className="pb-fulfil__claim" style={{ width: `${r.claimPct}%` }} />
            <View className="pb-fulfil__deliver" style={{ width: `${r.deliverPct}%` }} />
            <View className="pb-fulfil__promise" style={{ left: `${Math.min(r.promisePct, 99.5)}%` }} />
          </View>
          <Text className="pb-fulfil__text">
            认领 {r.claimHours === null ? '—' : hoursText(r.claimHours)} · 转交{' '}
            {r.deliverHours === null ? '—' : hoursText(r.deliverHours)} · 时限 {hoursText(r.promiseHours)}内
          </Text>
        </View>
      ))}
      <View className="pb-legend">
        <Text className="pb-legend__item pb-legend__item--claim">发布到认领</Text>
        <Text className="pb-legend__item pb-legend__item--deliver">认领到转交</Text>
        <Text className="pb-legend__item pb-legend__item--promise">时限</Text>
      </View>
    </View>
  );
}
