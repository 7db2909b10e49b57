import { View } from '@tarojs/components';
import { EmptyPanel } from '../../components/StatePanel';

/** 公示 tab: published donation reports (arrives with the ledger feature). */
export default function ReportsPage() {
  return (
    <View>
      <EmptyPanel
        title="还没有发布的公示"
        hint="机构每月发布捐赠公示：每一笔捐赠、每一个兑现的心愿都列在这里，任何人都可以核对。"
      />
    </View>
  );
}
