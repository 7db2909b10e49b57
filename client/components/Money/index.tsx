import { Text } from '@tarojs/components';
import { formatFen } from '../../utils/money';

/** An amount of integer fen, shown as ¥. */
export function Money({ fen, className }: { fen: number; className?: string }) {
  return <Text className={className}>{formatFen(fen)}</Text>;
}
