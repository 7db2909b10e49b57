import { Text, View } from '@tarojs/components';
import type { PrivacyFinding } from '../../../../shared/privacy-lint';
import { markSegments } from '../../lib/text-marks';
import './index.scss';

/**
 * What the privacy check found in one public field: each finding with what to do, then the text
 * again with the offending spans underlined in red (a textarea cannot colour its own text).
 */
export function PrivacyWarnings({
  text,
  findings,
  name,
}: {
  text: string;
  findings: readonly Pick<PrivacyFinding, 'severity' | 'start' | 'end' | 'text' | 'message'>[];
  name: string;
}) {
  if (findings.length === 0) return null;
  const blocking = findings.some((f) => f.severity === 'error');
  return (
    <View
      className={`cw-privacy ${blocking ? 'cw-privacy--error' : 'cw-privacy--warning'}`}
      data-testid={`privacy-${name}`}
    >
      {findings.map((f, i) => (
        <View key={`${f.start}-${f.end}-${i}`} className="cw-privacy__item">
          <Text className={`cw-privacy__badge cw-privacy__badge--${f.severity}`}>
            {f.severity === 'error' ? '需修改' : '请留意'}
          </Text>
          <Text className="cw-privacy__message">
            “{f.text}”：{f.message}
          </Text>
        </View>
      ))}
      <Text className="cw-privacy__preview-label">红线标出的位置：</Text>
      <Text className="cw-privacy__preview" data-testid={`privacy-preview-${name}`}>
        {markSegments(text, findings).map((s, i) =>
          s.marked ? (
            <Text key={i} className="cw-privacy__mark" data-testid="privacy-mark">
              {s.text}
            </Text>
          ) : (
            <Text key={i}>{s.text}</Text>
          ),
        )}
      </Text>
    </View>
  );
}
