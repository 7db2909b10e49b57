import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ReportCharts } from '../../../../shared/schemas/reports';
import { formatFen } from '../../../utils/money';
import { donationBars } from '../../lib/report-view';

/** Donations over time as plain bars: money and goods stacked; tap a bar to read its amounts. */
export function DonationsChart({ chart }: { chart: ReportCharts['donationsOverTime'] }) {
  const bars = donationBars(chart);
  const [picked, setPicked] = useState<number | null>(null);
  if (bars.length === 0) return <Text className="pb-empty">这一期没有收到捐赠</Text>;
  const bar = picked === null ? null : bars[picked];
  const unit = chart.bucket === 'week' ? '周' : '天';
  return (
    <View data-testid="chart-over-time">
      <View className="pb-bars" role="img" aria-label={`按${unit}统计的捐赠柱状图`}>
        {bars.map((b, i) => (
          <View
            key={b.key}
            className={`pb-bars__col${picked === i ? ' pb-bars__col--on' : ''}`}
            onClick={() => setPicked(picked === i ? null : i)}
          >
            <View className="pb-bars__inkind" style={{ height: `${b.inKindPct}%` }} />
            <View className="pb-bars__cash" style={{ height: `${b.cashPct}%` }} />
          </View>
        ))}
      </View>
      <View className="pb-bars__axis">
        <Text>{bars[0]!.label}</Text>
        {bars.length > 1 && <Text>{bars[bars.length - 1]!.label}</Text>}
      </View>
      <View className="pb-legend">
        <Text className="pb-legend__item pb-legend__item--cash">资金</Text>
        <Text className="pb-legend__item pb-legend__item--inkind">实物（按价值）</Text>
      </View>
      <Text className="pb-bars__readout">
        {bar
          ? `${bar.label}${chart.bucket === 'week' ? '起一周' : ''}：资金 ${formatFen(bar.cashFen)} · 实物 ${formatFen(bar.inKindFen)} · ${bar.count} 笔`
          : `每根柱子是一${unit}，点柱子看金额`}
      </Text>
    </View>
  );
}
