import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReportExportFormat } from '../../../../shared/schemas/reports';
import { reportExportUrl } from '../../../api/reports-public';

const isH5 = process.env.TARO_ENV === 'h5';

const ORDER: ReportExportFormat[] = ['pdf', 'xlsx', 'csv'];
const LABELS: Record<ReportExportFormat, { name: string; sub: string }> = {
  pdf: { name: 'PDF', sub: '打印张贴' },
  xlsx: { name: 'Excel', sub: '表格核对' },
  csv: { name: 'CSV', sub: '原始数据' },
};

/**
 * The report as a file. On H5 the browser downloads it. In the mini-program a PDF or Excel file
 * is downloaded and opened in WeChat's viewer; a CSV, which it cannot open, is copied as a link.
 */
async function openExport(reportId: string, format: ReportExportFormat) {
  const url = reportExportUrl(reportId, format);
  if (isH5) {
    window.location.assign(url);
    return;
  }
  if (format === 'csv') {
    await Taro.setClipboardData({ data: url });
    void Taro.showToast({ title: '链接已复制，请在浏览器中打开', icon: 'none' });
    return;
  }
  void Taro.showLoading({ title: '正在下载' });
  try {
    const res = await Taro.downloadFile({ url });
    if (res.statusCode !== 200) throw new Error(String(res.statusCode));
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: format, showMenu: true });
  } catch {
    void Taro.showToast({ title: '下载失败，请稍后重试', icon: 'none' });
  } finally {
    void Taro.hideLoading();
  }
}

export function ExportLinks({ reportId }: { reportId: string }) {
  return (
    <View className="pb-exports" data-testid="exports">
      {ORDER.map((f) => (
        <View
          key={f}
          className="pb-exports__item"
          data-testid={`export-${f}`}
          onClick={() => void openExport(reportId, f)}
        >
          <Text className="pb-exports__name">{LABELS[f].name}</Text>
          <Text className="pb-exports__sub">{LABELS[f].sub}</Text>
        </View>
      ))}
    </View>
  );
}
