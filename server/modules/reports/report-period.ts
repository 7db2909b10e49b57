import { chinaDate, chinaDayEnd, chinaDayStart } from '../../../shared/china-date';
import type { ReportScope } from '../../../shared/report-totals';
import type { CreateReportBody, ReportPeriod } from '../../../shared/schemas/reports';
import { AppError } from '../../app-error';

const QUARTER_NAMES = ['一', '二', '三', '四'];

export interface CampaignInfo {
  id: number;
  publicId: string;
  title: string;
  startsOn: string;
  endsOn: string;
}

/** The last day of a month (`2026-02` → 28). */
function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The period a report asks for — its key, label and China dates — and the leaves it covers.
 * A month or quarter covers what took effect in it; a campaign covers all of its transactions.
 * A period that has not begun yet is refused; one still running is fine (an interim report).
 */
export function reportPeriodOf(
  body: CreateReportBody,
  orgPublicId: string,
  campaign: CampaignInfo | null,
  now: number,
): { period: ReportPeriod; scope: ReportScope } {
  let period: ReportPeriod;
  if (body.kind === 'campaign') {
    if (!campaign) throw new Error('a campaign report needs its campaign');
    period = {
      key: campaign.publicId,
      label: campaign.title,
      from: campaign.startsOn,
      to: campaign.endsOn,
      campaign: { id: campaign.publicId, title: campaign.title },
    };
  } else {
    const [year, firstMonth, months] =
      body.kind === 'month'
        ? [Number(body.month.slice(0, 4)), Number(body.month.slice(5, 7)), 1]
        : [body.year, body.quarter * 3 - 2, 3];
    const lastMonth = firstMonth + months - 1;
    period = {
      key: body.kind === 'month' ? body.month : `${year}-Q${body.quarter}`,
      label:
        body.kind === 'month'
          ? `${year}年${firstMonth}月`
          : `${year}年第${QUARTER_NAMES[body.quarter - 1]}季度`,
      from: `${year}-${pad(firstMonth)}-01`,
      to: `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}`,
      campaign: null,
    };
  }
  if (period.from > chinaDate(now)) {
    throw new AppError('REPORT_PERIOD_INVALID', { details: { from: period.from } });
  }
  const scope: ReportScope =
    body.kind === 'campaign'
      ? { org: orgPublicId, campaign: period.key, fromMs: null, toMs: null }
      : {
          org: orgPublicId,
          campaign: null,
          fromMs: chinaDayStart(period.from),
          toMs: chinaDayEnd(period.to),
        };
  return { period, scope };
}
