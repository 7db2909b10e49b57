import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

const isH5 = process.env.TARO_ENV === 'h5';

/** A QR code of `text` as a GIF data URL (pure JS, no canvas). */
export function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(6, 2);
}

async function copy(link: string) {
  try {
    await Taro.setClipboardData({ data: link });
    void Taro.showToast({ title: '链接已复制', icon: 'none' });
  } catch {
    void Taro.showToast({ title: '没能复制，请复制浏览器地址栏里的链接', icon: 'none' });
  }
}

/**
 * Share the page: in the mini-program WeChat's share sheet (the page's useShareAppMessage says
 * what is shared); on H5 the link to copy and a QR code of it, to print or show on a phone.
 */
export function ShareBox({ hint }: { hint: string }) {
  const link = isH5 ? window.location.href : '';
  const qr = useMemo(() => (isH5 ? qrDataUrl(link) : ''), [link]);
  if (!isH5) {
    return (
      <View className="pb-share">
        <Text className="pb-share__hint">{hint}</Text>
        <Button className="pb-button" openType="share">
          分享给朋友
        </Button>
      </View>
    );
  }
  return (
    <View className="pb-share" data-testid="share">
      <Image className="pb-share__qr" src={qr} mode="aspectFit" data-testid="share-qr" />
      <Text className="pb-share__hint">{hint}</Text>
      <Button className="pb-button" onClick={() => void copy(link)} data-testid="copy-link">
        复制链接
      </Button>
    </View>
  );
}
