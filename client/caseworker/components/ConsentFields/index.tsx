import { Input, Picker, Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { TEXT_LIMITS } from '../../../../shared/constants';
import { chinaDate } from '../../../../shared/china-date';
import type { FieldErrors } from '../../lib/field-errors';
import type { ConsentValues } from '../../lib/file-form';
import { Field } from '../Field';

/**
 * The guardian's consent: who agreed, when, and to what. `prefix` is where the fields sit in the
 * request body ('consent.' inside a new file, '' when recorded on its own).
 */
export function ConsentFields({
  values,
  onChange,
  errors,
  prefix,
}: {
  values: ConsentValues;
  onChange: (patch: Partial<ConsentValues>) => void;
  errors: FieldErrors;
  prefix: string;
}) {
  const [today] = useState(() => chinaDate(Date.now()));
  const err = (k: keyof ConsentValues) => errors[`${prefix}${k}`];
  return (
    <View className="cw-consent">
      <Field label="同意人" required name={`${prefix}guardianName`} error={err('guardianName')}>
        <Input
          className="cw-input"
          maxlength={TEXT_LIMITS.guardianName}
          placeholder="签字同意的监护人姓名"
          value={values.guardianName}
          onInput={(e) => onChange({ guardianName: e.detail.value })}
        />
      </Field>
      <Field
        label="与孩子的关系"
        required
        hint="如 奶奶、父亲、母亲"
        name={`${prefix}relation`}
        error={err('relation')}
      >
        <Input
          className="cw-input"
          maxlength={TEXT_LIMITS.guardianRelation}
          placeholder="如 奶奶"
          value={values.relation}
          onInput={(e) => onChange({ relation: e.detail.value })}
        />
      </Field>
      <Field label="同意日期" required name={`${prefix}consentedOn`} error={err('consentedOn')}>
        <Picker
          mode="date"
          value={values.consentedOn}
          start="2000-01-01"
          end={today}
          onChange={(e) => onChange({ consentedOn: String(e.detail.value) })}
        >
          <View className="cw-picker">{values.consentedOn}</View>
        </Picker>
      </Field>
      <View className="cw-switch-row">
        <Text className="cw-switch-row__text">同意公开孩子的故事（化名）</Text>
        <Switch
          color="#d9480f"
          checked={values.publishStory}
          onChange={(e) => onChange({ publishStory: e.detail.value })}
          data-testid="consent-story"
        />
      </View>
      <View className="cw-switch-row">
        <Text className="cw-switch-row__text">同意公开照片（会去掉定位信息）</Text>
        <Switch
          color="#d9480f"
          checked={values.publishPhotos}
          onChange={(e) => onChange({ publishPhotos: e.detail.value })}
          data-testid="consent-photos"
        />
      </View>
    </View>
  );
}
