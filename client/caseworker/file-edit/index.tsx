import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getMe } from '../../api/auth';
import { getBeneficiary } from '../../api/beneficiaries';
import { listRegions } from '../../api/orgs';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { FileEditor } from '../components/FileEditor';
import { emptyFile, fileToValues } from '../lib/file-form';
import { caseworkerScope, placesInScope } from '../lib/regions';
import '../caseworker.scss';

/** 新建档案 / 编辑档案: `?id=` edits that file, no id starts a new one. */
export default function FileEditPage() {
  const { params } = useRouter();
  const fileId = params.id;
  const fetch = useCallback(
    () => Promise.all([getMe(), listRegions(), fileId ? getBeneficiary(fileId) : Promise.resolve(null)]),
    [fileId],
  );
  const { state, reload } = useLoad(fetch);
  const [now] = useState(Date.now);

  useEffect(() => {
    if (fileId) void Taro.setNavigationBarTitle({ title: '编辑档案' });
  }, [fileId]);

  const loaded = state.status === 'ready' ? state.data : null;
  const places = useMemo(() => {
    if (!loaded) return [];
    const [me, { items }] = loaded;
    return placesInScope(items, caseworkerScope(me)?.id ?? null);
  }, [loaded]);

  if (state.status === 'loading') return <LoadingPanel rows={4} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const file = state.data[2];
  const initial = file ? fileToValues(file, now) : emptyFile(now, places.length === 1 ? places[0]!.id : '');

  return (
    <View className="cw-page">
      <FileEditor
        file={file}
        places={places}
        initial={initial}
        onSaved={(saved) => {
          void Taro.showToast({ title: file ? '已保存修改' : '档案已建好', icon: 'success' });
          if (file) void Taro.navigateBack();
          else void Taro.redirectTo({ url: `/caseworker/file/index?id=${saved.id}` });
        }}
      />
    </View>
  );
}
