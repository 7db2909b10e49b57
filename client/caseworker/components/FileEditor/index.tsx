import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import {
  DIFFICULTY_CATEGORIES,
  DIFFICULTY_CATEGORY_LABELS,
  GENDER_LABELS,
  GENDERS,
  TEXT_LIMITS,
  URGENCY_LABELS,
  URGENCY_LEVELS,
} from '../../../../shared/constants';
import { chinaDate } from '../../../../shared/china-date';
import type { BeneficiaryFile } from '../../../../shared/schemas/beneficiaries';
import { createBeneficiary, updateBeneficiary } from '../../../api/beneficiaries';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../../lib/field-errors';
import {
  checkFile,
  createBody,
  FILE_CODE_FIELDS,
  isEmptyUpdate,
  updateBody,
  type ConsentValues,
  type FileValues,
  type RestrictedValues,
} from '../../lib/file-form';
import { blocks, findingsFor, serverFindings, type ServerFindings } from '../../lib/privacy';
import type { Place } from '../../lib/regions';
import { ActionButton } from '../ActionButton';
import { ChoiceChips } from '../ChoiceChips';
import { ConsentFields } from '../ConsentFields';
import { Field } from '../Field';
import { Notice } from '../Notice';
import { PrivacyWarnings } from '../PrivacyWarnings';
import './index.scss';

const FIRST_BIRTH_YEAR = 1990;

/**
 * A beneficiary file, new or edited: the public side (what donors may see, under a pseudonym)
 * and the restricted side (for the organization's caseworkers and reviewers only). What was typed
 * stays on the screen when the server refuses it; its messages appear under the fields.
 */
export function FileEditor({
  file,
  places,
  initial,
  onSaved,
}: {
  /** The file being edited; null for a new one. */
  file: BeneficiaryFile | null;
  places: readonly Place[];
  initial: FileValues;
  onSaved: (file: BeneficiaryFile) => void;
}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [refused, setRefused] = useState<ServerFindings>({});
  const [busy, setBusy] = useState(false);

  const clear = (paths: string[]) => setErrors((e) => withoutErrors(e, paths));
  const set = (patch: Partial<FileValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    clear(Object.keys(patch));
  };
  const setRestricted = (patch: Partial<RestrictedValues>) => {
    setValues((v) => ({ ...v, restricted: { ...v.restricted, ...patch } }));
    clear(Object.keys(patch).map((k) => `restricted.${k}`));
  };
  const setConsent = (patch: Partial<ConsentValues>) => {
    setValues((v) => ({ ...v, consent: { ...v.consent, ...patch } }));
    clear(Object.keys(patch).map((k) => `consent.${k}`));
  };

  const r = values.restricted;
  // The pseudonym and the story are public: checked like a wish's text, with this file's names.
  const storyFindings = useMemo(
    () =>
      findingsFor(
        'story',
        values.story,
        { realName: r.realName, guardianName: r.guardianName, school: r.school },
        refused,
      ),
    [values.story, r.realName, r.guardianName, r.school, refused],
  );
  const pseudonymFindings = useMemo(
    () =>
      findingsFor(
        'pseudonym',
        values.pseudonym,
        { realName: r.realName, guardianName: r.guardianName, school: r.school },
        refused,
      ),
    [values.pseudonym, r.realName, r.guardianName, r.school, refused],
  );

  const [today] = useState(() => chinaDate(Date.now()));
  const thisYear = Number(today.slice(0, 4));
  const years = useMemo(
    () => Array.from({ length: thisYear - FIRST_BIRTH_YEAR + 1 }, (_, i) => thisYear - i),
    [thisYear],
  );
  const yearIndex = values.birthYear === null ? 8 : Math.max(0, years.indexOf(values.birthYear));
  const placeIndex = Math.max(
    0,
    places.findIndex((p) => p.id === values.regionId),
  );
  const place = places.find((p) => p.id === values.regionId);

  const turnConsent = (on: boolean) =>
    setValues((v) => ({
      ...v,
      withConsent: on,
      // The guardian on file is usually the one who signs.
      consent: {
        ...v.consent,
        guardianName: v.consent.guardianName || v.restricted.guardianName,
        relation: v.consent.relation || v.restricted.guardianRelation,
      },
    }));

  const save = async () => {
    if (busy) return;
    const found = checkFile(values, file);
    if (blocks(storyFindings)) {
      found.story = '公开的故事里有需要修改的地方，请看下方红线标出的位置';
    }
    if (blocks(pseudonymFindings)) found.pseudonym ??= '化名会公开，不能用真实姓名里的字，请换一个';
    setErrors(found);
    if (Object.keys(found).length) {
      setGeneral('有几项需要修改，请看标红的地方');
      void Taro.pageScrollTo({ selector: '.cw-field--invalid', duration: 200 }).catch(() => undefined);
      return;
    }
    setGeneral(null);
    if (file) {
      const body = updateBody(values, file);
      if (isEmptyUpdate(body)) return onSaved(file);
    }
    setBusy(true);
    try {
      const saved = file
        ? await updateBeneficiary(file.id, updateBody(values, file))
        : await createBeneficiary(createBody(values));
      onSaved(saved);
    } catch (e) {
      const mapped = fieldErrorsFromApi(e, FILE_CODE_FIELDS);
      const found = serverFindings(e, { story: values.story, pseudonym: values.pseudonym });
      // The server's privacy check names the public fields to fix; the spans show under them.
      for (const field of Object.keys(found))
        mapped.fields[field] = '这里有需要修改的地方，请看下方红线标出的位置';
      setRefused(found);
      setErrors(mapped.fields);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="file-editor">
      {!file && (
        <Notice
          tone="info"
          message="档案分两部分：公开信息会用化名展示给爱心人士；保密信息只有本机构社工和督导能看到。"
        />
      )}

      <View className="cw-card">
        <Text className="cw-card__title">公开信息（会展示给爱心人士）</Text>
        <Field
          label="化名"
          required
          hint="请用化名，如 小棋，不要用真名"
          name="pseudonym"
          error={errors.pseudonym}
        >
          <Input
            className="cw-input"
            maxlength={TEXT_LIMITS.pseudonym}
            placeholder="如 小棋"
            value={values.pseudonym}
            onInput={(e) => set({ pseudonym: e.detail.value })}
            data-testid="input-pseudonym"
          />
          <PrivacyWarnings name="pseudonym" text={values.pseudonym} findings={pseudonymFindings} />
        </Field>
        <Field
          label="出生年份"
          required
          hint="公开时只显示年龄，不显示生日"
          name="birthYear"
          error={errors.birthYear}
        >
          <Picker
            mode="selector"
            range={years.map((y) => `${y} 年（${thisYear - y} 岁）`)}
            value={yearIndex}
            onChange={(e) => set({ birthYear: years[Number(e.detail.value)] ?? null })}
          >
            <View
              className={`cw-picker ${values.birthYear === null ? 'cw-picker--empty' : ''}`}
              data-testid="picker-birthYear"
            >
              {values.birthYear === null
                ? '请选择'
                : `${values.birthYear} 年（${thisYear - values.birthYear} 岁）`}
            </View>
          </Picker>
        </Field>
        <Field label="性别" required name="gender" error={errors.gender}>
          <ChoiceChips
            choices={GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] }))}
            value={values.gender}
            onChange={(g) => set({ gender: g })}
          />
        </Field>
        <Field
          label="所在村/社区"
          required
          hint="公开时只显示到镇（街道）"
          name="regionId"
          error={errors.regionId}
        >
          {places.length === 0 ? (
            <Text className="cw-field__hint">你负责的地区下还没有村（社区），请联系机构管理员添加。</Text>
          ) : (
            <Picker
              mode="selector"
              range={places.map((p) => p.label)}
              value={placeIndex}
              onChange={(e) => set({ regionId: places[Number(e.detail.value)]?.id ?? '' })}
            >
              <View className={`cw-picker ${place ? '' : 'cw-picker--empty'}`} data-testid="picker-region">
                {place?.label ?? '请选择'}
              </View>
            </Picker>
          )}
        </Field>
        <Field label="困境类别" required name="category" error={errors.category}>
          <ChoiceChips
            choices={DIFFICULTY_CATEGORIES.map((c) => ({ value: c, label: DIFFICULTY_CATEGORY_LABELS[c] }))}
            value={values.category}
            onChange={(c) => set({ category: c })}
          />
        </Field>
        <Field
          label="紧急程度"
          required
          hint="紧急：48 小时内需要帮助；常规：不着急"
          name="urgency"
          error={errors.urgency}
        >
          <ChoiceChips
            choices={URGENCY_LEVELS.map((u) => ({ value: u, label: URGENCY_LABELS[u], dot: u }))}
            value={values.urgency}
            onChange={(u) => set({ urgency: u })}
          />
        </Field>
        <Field
          label="公开的故事"
          optional
          hint="用化名写孩子的情况，不写真名、学校、住址和电话。监护人同意公开故事后才会展示。"
          name="story"
          error={errors.story}
        >
          <Textarea
            className="cw-textarea"
            maxlength={TEXT_LIMITS.story}
            autoHeight
            placeholder="如：小棋跟奶奶生活，爱画画，想要一盒水彩笔。"
            value={values.story}
            onInput={(e) => set({ story: e.detail.value })}
          />
          <Text className="cw-count">
            {values.story.length}/{TEXT_LIMITS.story}
          </Text>
          <PrivacyWarnings name="story" text={values.story} findings={storyFindings} />
        </Field>
      </View>

      <View className="cw-card cw-card--restricted">
        <Text className="cw-card__title">保密信息</Text>
        <Text className="cw-lock-note">仅本机构社工和督导可见，每次查看都会留痕</Text>
        <Field label="真实姓名" required name="restricted.realName" error={errors['restricted.realName']}>
          <Input
            className="cw-input"
            maxlength={TEXT_LIMITS.realName}
            placeholder="孩子的真实姓名"
            value={r.realName}
            onInput={(e) => setRestricted({ realName: e.detail.value })}
            data-testid="input-realName"
          />
        </Field>
        <Field label="身份证号" optional name="restricted.idNumber" error={errors['restricted.idNumber']}>
          <Input
            className="cw-input"
            type="idcard"
            maxlength={TEXT_LIMITS.idNumber}
            placeholder="18 位，最后一位可以是 X"
            value={r.idNumber}
            onInput={(e) => setRestricted({ idNumber: e.detail.value })}
          />
        </Field>
        <Field label="出生日期" optional name="restricted.birthDate" error={errors['restricted.birthDate']}>
          <View className="file-editor__date">
            <Picker
              mode="date"
              value={r.birthDate || `${values.birthYear ?? thisYear - 8}-01-01`}
              start={`${FIRST_BIRTH_YEAR}-01-01`}
              end={today}
              onChange={(e) => {
                const date = String(e.detail.value);
                // The year on the public side follows the birth date: they must agree.
                set({ birthYear: Number(date.slice(0, 4)) });
                setRestricted({ birthDate: date });
              }}
            >
              <View className={`cw-picker ${r.birthDate ? '' : 'cw-picker--empty'}`}>
                {r.birthDate || '请选择'}
              </View>
            </Picker>
            {r.birthDate && (
              <Text className="file-editor__clear" onClick={() => setRestricted({ birthDate: '' })}>
                清除
              </Text>
            )}
          </View>
        </Field>
        <Field label="家庭住址" optional name="restricted.address" error={errors['restricted.address']}>
          <Input
            className="cw-input"
            maxlength={TEXT_LIMITS.address}
            placeholder="村、组、门牌号"
            value={r.address}
            onInput={(e) => setRestricted({ address: e.detail.value })}
          />
        </Field>
        <Field
          label="监护人及关系"
          optional
          name="restricted.guardianName"
          error={errors['restricted.guardianName'] ?? errors['restricted.guardianRelation']}
        >
          <View className="cw-pair">
            <Input
              className="cw-input"
              maxlength={TEXT_LIMITS.guardianName}
              placeholder="监护人姓名"
              value={r.guardianName}
              onInput={(e) => setRestricted({ guardianName: e.detail.value })}
            />
            <Input
              className="cw-input"
              maxlength={TEXT_LIMITS.guardianRelation}
              placeholder="如 奶奶"
              value={r.guardianRelation}
              onInput={(e) => setRestricted({ guardianRelation: e.detail.value })}
            />
          </View>
        </Field>
        <Field
          label="监护人电话"
          optional
          name="restricted.guardianPhone"
          error={errors['restricted.guardianPhone']}
        >
          <Input
            className="cw-input"
            type="text"
            maxlength={13}
            placeholder="手机号或带区号的座机"
            value={r.guardianPhone}
            onInput={(e) => setRestricted({ guardianPhone: e.detail.value })}
          />
        </Field>
        <Field
          label="学校及班级"
          optional
          name="restricted.school"
          error={errors['restricted.school'] ?? errors['restricted.schoolClass']}
        >
          <View className="cw-pair">
            <Input
              className="cw-input"
              maxlength={TEXT_LIMITS.school}
              placeholder="学校"
              value={r.school}
              onInput={(e) => setRestricted({ school: e.detail.value })}
            />
            <Input
              className="cw-input"
              maxlength={TEXT_LIMITS.schoolClass}
              placeholder="如 三年级二班"
              value={r.schoolClass}
              onInput={(e) => setRestricted({ schoolClass: e.detail.value })}
            />
          </View>
        </Field>
        <Field label="个案备注" optional name="restricted.caseNotes" error={errors['restricted.caseNotes']}>
          <Textarea
            className="cw-textarea"
            maxlength={TEXT_LIMITS.caseNotes}
            autoHeight
            placeholder="家庭情况、走访记录等，只有本机构能看到"
            value={r.caseNotes}
            onInput={(e) => setRestricted({ caseNotes: e.detail.value })}
          />
        </Field>
      </View>

      {!file && (
        <View className="cw-card">
          <Text className="cw-card__title">监护人同意</Text>
          <Text className="cw-card__sub">
            给孩子发布心愿前，需要监护人同意。可以现在登记，也可以以后在档案页登记。
          </Text>
          <View className="cw-switch-row">
            <Text className="cw-switch-row__text">现在登记监护人同意</Text>
            <Switch
              color="#d9480f"
              checked={values.withConsent}
              onChange={(e) => turnConsent(e.detail.value)}
              data-testid="consent-toggle"
            />
          </View>
          {values.withConsent && (
            <ConsentFields values={values.consent} onChange={setConsent} errors={errors} prefix="consent." />
          )}
        </View>
      )}

      {general && <Notice tone="error" message={general} testId="form-error" />}
      <View className="cw-actions">
        <ActionButton disabled={busy} onClick={() => void save()} testId="save-file">
          {busy ? '正在保存…' : file ? '保存修改' : '保存档案'}
        </ActionButton>
      </View>
    </View>
  );
}
