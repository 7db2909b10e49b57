import { useMemo } from 'react';
import { listStaffCampaigns } from '../../api/staff-wishes';
import { useLoad } from '../../hooks/use-load';

const GENERAL = { id: null, title: '非限定性资金（机构统筹）' };

/**
 * The funds money can go into or come from: the unrestricted fund, then each campaign's (ended
 * ones marked). While campaigns load, or if they fail, the unrestricted fund alone.
 */
export function useFundChoices() {
  const { state } = useLoad(listStaffCampaigns);
  return useMemo(() => {
    const campaigns = state.status === 'ready' ? state.data.items : [];
    const choices: { id: string | null; title: string }[] = [
      GENERAL,
      ...campaigns.map((c) => ({
        id: c.id,
        title: `活动：${c.title}${c.state === 'ended' ? '（已结束）' : ''}`,
      })),
    ];
    const indexOf = (id: string | null) =>
      Math.max(
        0,
        choices.findIndex((c) => c.id === id),
      );
    return {
      choices,
      indexOf,
      titleOf: (id: string | null) => choices[indexOf(id)]?.title ?? GENERAL.title,
      failed: state.status === 'error',
    };
  }, [state]);
}
