import { Text, View } from '@tarojs/components';
import type { Report } from '../../../../shared/schemas/reports';
import {
  getCheckpoint,
  getConsistencyProof,
  getLatestCheckpoint,
  getLedgerLeaves,
} from '../../../api/ledger-log';
import { checkReport } from '../../lib/verify-report';
import { shortHash } from '../../lib/report-view';
import { VerifyButton } from '../VerifyButton';

const logApi = { getLatestCheckpoint, getCheckpoint, getConsistencyProof, getLedgerLeaves };

/** The ledger snapshot the report was computed from, and 核验账本: checked here, in the browser. */
export function CheckpointBox({ report }: { report: Report }) {
  const cp = report.checkpoint;
  return (
    <View data-testid="checkpoint">
      <View className="pb-facts">
        <View className="pb-facts__row">
          <Text className="pb-facts__key">账本快照</Text>
          <Text className="pb-facts__value">前 {cp.size} 条记录</Text>
        </View>
        <View className="pb-facts__row">
          <Text className="pb-facts__key">根哈希</Text>
          <Text className="pb-facts__value pb-mono">{shortHash(cp.rootHash, 16)}</Text>
        </View>
      </View>
      <Text className="pb-section__hint">
        每一笔收支都按顺序写入公开账本，账本的“指纹”由机构签名。点下面的按钮，您的手机会自己下载账本记录并核对，不需要相信任何人。
      </Text>
      <VerifyButton label="核验账本" run={() => checkReport(report, logApi)} testId="verify-ledger" />
    </View>
  );
}
