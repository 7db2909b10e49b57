import type { Config } from '../../config';
import type { Services } from '../../services';

/**
 * The templates the mini-program asks a donor to allow (`wx.requestSubscribeMessage`), each once:
 * none when WeChat is not configured, since nothing would be pushed. WeChat shows at most three
 * in one request, which is how many purposes there are.
 */
export function subscriptionTemplates(config: Config, services: Services): { templateIds: string[] } {
  if (!services.wechat) return { templateIds: [] };
  const { claim, progress, reminder } = config.wechatPush.templates;
  const ids = [claim, progress, reminder].filter((id): id is string => id !== null);
  return { templateIds: [...new Set(ids)] };
}
