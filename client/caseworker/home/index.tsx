import { View } from '@tarojs/components';
import { EmptyPanel } from '../../components/StatePanel';

/** Caseworker workbench (subpackage): beneficiary files, wish editor, hand-over — to come. */
export default function CaseworkerHome() {
  return (
    <View>
      <EmptyPanel
        title="社工工作台"
        hint="在这里为孩子建档、发布心愿、确认收货和转交。登录社工账号后即可使用。"
      />
    </View>
  );
}
