import Taro from '@tarojs/taro';

const TAB_PAGES = ['/pages/wishes/index', '/pages/reports/index', '/pages/me/index'];

/** Opens a message's app page: tab pages by switching tab, the others on top of the inbox. */
export function openLink(link: string): void {
  const path = link.split('?')[0] ?? link;
  if (TAB_PAGES.includes(path)) void Taro.switchTab({ url: path });
  else void Taro.navigateTo({ url: link.startsWith('/') ? link : `/${link}` });
}
