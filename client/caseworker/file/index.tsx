import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { DIFFICULTY_CATEGORY_LABELS, GENDER_LABELS } from '../../../shared/constants';
import type { BeneficiaryFile } from '../../../shared/schemas/beneficiaries';
import { getBeneficiary } from '../../api/beneficiaries';
import { listStaffWishes } from '../../api/staff-wishes';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { useLoad } from '../../hooks/use-load';
import { ActionButton } from '../components/ActionButton';
import { ConsentCard } from '../components/ConsentCard';
import { Fact } from '../components/Fact';
import { WishRow } from '../components/WishRow';
import { formatDateTime } from '../lib/dates';
import { revisionSummary } from '../lib/file-fields';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import { wishPageUrl } from '../lib/wish-urls';
import '../caseworker.scss';
import './index.scss';

/** One child's whole file: public side, consent, wishes, restricted side, edit history. */
export default function FilePage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const fetchFile = useCallback(() => getBeneficiary(id), [id]);
  const { state, reload } = useLoad(fetchFile);
  // Consent changes come back as the whole file: shown at once, without another (audited) read.
  const [updated, setUpdated] = useState<{ after: typeof state; file: BeneficiaryFile } | null>(null);
  useReloadOnShow(reload);

  if (state.status === 'loading') return <LoadingPanel rows={4} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const file = updated?.after === state ? updated.file : state.data;
  const r = file.restricted;

  return (
    <View className="cw-page file-page">
      <View className="cw-card">
        <View className="cw-row__head">
          <Text className="file-page__name" data-testid="file-pseudonym">
            {file.pseudonym}
          </Text>
          <UrgencyTag level={file.urgency} />
          <Text className="cw-tag">{DIFFICULTY_CATEGORY_LABELS[file.category]}</Text>
        </View>
        <Text className="cw-row__meta">
          {file.age}岁 · {GENDER_LABELS[file.gender]} · {file.town.name}
          {file.region.id !== file.town.id ? ` · ${file.region.name}` : ''}
        </Text>
        <Text className="file-page__audit">查看记录已留存 · 第 {file.version} 版</Text>
        <View className="cw-actions cw-actions--flush">
          <ActionButton
            kind="ghost"
            onClick={() => void Taro.navigateTo({ url: `/caseworker/file-edit/index?id=${file.id}` })}
          >
            编辑档案
          </ActionButton>
        </View>
      </View>

      <ConsentCard file={file} onChanged={(f) => setUpdated({ after: state, file: f })} />
      <FileWishes file={file} />

      <View className="cw-card">
        <Text className="cw-card__title">公开信息</Text>
        <View className="cw-facts">
          <Fact k="化名" v={file.pseudonym} />
          <Fact k="出生年份" v={`${file.birthYear} 年`} />
          <Fact k="公开的故事" v={file.story} />
        </View>
      </View>

      <View className="cw-card cw-card--restricted">
        <Text className="cw-card__title">保密信息</Text>
        <Text className="cw-lock-note">仅本机构社工和督导可见，每次查看都会留痕</Text>
        <View className="cw-facts">
          <Fact k="真实姓名" v={r.realName} />
          <Fact k="身份证号" v={r.idNumber} />
          <Fact k="出生日期" v={r.birthDate} />
          <Fact k="家庭住址" v={r.address} />
          <Fact
            k="监护人"
            v={r.guardianName && `${r.guardianName}${r.guardianRelation ? `（${r.guardianRelation}）` : ''}`}
          />
          <Fact k="监护人电话" v={r.guardianPhone} />
          <Fact k="学校及班级" v={[r.school, r.schoolClass].filter(Boolean).join(' ')} />
          <Fact k="个案备注" v={r.caseNotes} />
        </View>
      </View>

      <View className="cw-card" data-testid="file-history">
        <Text className="cw-card__title">修改记录</Text>
        {file.history.length === 0 && <Text className="cw-card__sub">还没有修改记录。</Text>}
        {[...file.history].reverse().map((h) => (
          <View key={h.version} className="file-page__revision">
            <Text className="file-page__revision-head">
              第 {h.version} 版 · {h.editedBy} · {formatDateTime(h.editedAt)}
            </Text>
            <Text className="cw-card__sub">
              {h.fields.length ? '修改了：' : ''}
              {revisionSummary(h.version, h.fields)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** The file's wishes, and the way to post a new one. */
function FileWishes({ file }: { file: BeneficiaryFile }) {
  const fetchWishes = useCallback(() => listStaffWishes({ beneficiaryId: file.id, limit: 50 }), [file.id]);
  const { state, reload } = useLoad(fetchWishes);
  useReloadOnShow(reload);

  return (
    <View className="cw-card file-page__wishes" data-testid="file-wishes">
      <Text className="cw-card__title">
        TA 的心愿{state.status === 'ready' ? `（${state.data.items.length}）` : ''}
      </Text>
      {state.status === 'loading' && <Text className="cw-card__sub">正在加载…</Text>}
      {state.status === 'error' && (
        <Text className="cw-card__sub file-page__retry" onClick={reload}>
          心愿没能加载出来：{state.message}（点此重试）
        </Text>
      )}
      {state.status === 'ready' && state.data.items.length === 0 && (
        <Text className="cw-card__sub">还没有心愿。问问孩子最想要什么，帮 TA 写下来。</Text>
      )}
      {state.status === 'ready' &&
        state.data.items.map((w) => (
          <WishRow key={w.id} wish={w} onOpen={() => void Taro.navigateTo({ url: wishPageUrl(w) })} />
        ))}
      {!file.consent && (
        <Text className="cw-card__sub">
          还没有登记监护人同意：可以先写好心愿存为草稿，登记同意后再提交审核。
        </Text>
      )}
      <ActionButton
        onClick={() => void Taro.navigateTo({ url: `/caseworker/wish-edit/index?beneficiaryId=${file.id}` })}
        testId="new-wish"
      >
        为 TA 发布心愿
      </ActionButton>
    </View>
  );
}
