import Taro from '@tarojs/taro';
import type { ReportPage } from '../../shared/schemas/reports';
import { API_BASE, ApiError, apiErrorFrom, queryString } from './http';

/**
 * The path of `reportsEndpoints.listReports`, written out here: the 公示 tab lives in the
 * mini-program's main package, and importing the endpoint would bring every report schema with
 * it. test/client/public-report.test.tsx checks that the two agree.
 */
export const PUBLISHED_REPORTS_PATH = '/api/v1/reports';

/**
 * One page of published reports, newest first. The answer is only checked for its shape (a list
 * and a cursor): the report page in the `public` subpackage checks a report in full.
 */
export async function listPublishedReports(cursor?: string): Promise<ReportPage> {
  let res: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject>;
  try {
    res = await Taro.request({
      url: API_BASE + PUBLISHED_REPORTS_PATH + queryString({ cursor }),
      method: 'GET',
      dataType: 'json',
      timeout: 15_000,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试');
  }
  if (res.statusCode >= 400) throw apiErrorFrom(res.statusCode, res.data);
  const page = (typeof res.data === 'object' ? res.data : null) as Partial<ReportPage> | null;
  if (
    !page ||
    !Array.isArray(page.items) ||
    (page.nextCursor !== null && typeof page.nextCursor !== 'string')
  ) {
    throw new ApiError('UNEXPECTED_RESPONSE', res.statusCode, '应用版本过旧或服务异常，请更新后重试');
  }
  return page as ReportPage;
}
