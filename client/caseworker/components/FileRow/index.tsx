import { Text, View } from '@tarojs/components';
import { DIFFICULTY_CATEGORY_LABELS, GENDER_LABELS } from '../../../../shared/constants';
import type { BeneficiarySummary } from '../../../../shared/schemas/beneficiaries';
import { UrgencyTag } from '../../../components/UrgencyTag';

/** One child in my files: who (pseudonym), where, how urgent, whether the guardian has agreed. */
export function FileRow({ file, onOpen }: { file: BeneficiarySummary; onOpen: () => void }) {
  return (
    <View className="cw-row" data-testid="file-row" onClick={onOpen}>
      <View className="cw-row__head">
        <Text className="cw-row__title">{file.pseudonym}</Text>
        <UrgencyTag level={file.urgency} />
      </View>
      <Text className="cw-row__meta">
        {file.age}岁 · {GENDER_LABELS[file.gender]} · {file.region.name} ·{' '}
        {DIFFICULTY_CATEGORY_LABELS[file.category]}
      </Text>
      <View className="cw-row__foot">
        {file.consent ? (
          <Text className="cw-tag cw-tag--ok">已登记同意</Text>
        ) : (
          <Text className="cw-tag cw-tag--warn">未登记同意</Text>
        )}
        <Text>{file.openWishes > 0 ? `进行中的心愿 ${file.openWishes} 个` : '还没有心愿'}</Text>
      </View>
    </View>
  );
}
