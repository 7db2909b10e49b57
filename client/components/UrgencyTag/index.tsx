import { Text } from '@tarojs/components';
import { URGENCY_LABELS, type UrgencyLevel } from '../../../shared/constants';
import './index.scss';

/** Urgency as a word and a colour — never colour alone. */
export function UrgencyTag({ level }: { level: UrgencyLevel }) {
  return (
    <Text className={`urgency-tag urgency-tag--${level}`} data-urgency={level}>
      {URGENCY_LABELS[level]}
    </Text>
  );
}
