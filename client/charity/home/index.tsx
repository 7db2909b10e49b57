import { View } from '@tarojs/components';
import { EmptyPanel } from '../../components/StatePanel';

/** Charity workbench (subpackage): review queue, overdue board, ledger, reports — to come. */
export default function CharityHome() {
  return (
    <View>
      <EmptyPanel
        title="机构工作台"
        hint="在这里审核心愿、记录捐赠与支出、发布月度公示。登录机构账号后即可使用。"
      />
    </View>
  );
}
