import type { BeneficiaryFile } from '../../../shared/schemas/beneficiaries';
import type { Campaign, HandoverSite, StaffWish } from '../../../shared/schemas/staff-wishes';
import { isWishEditable } from '../../../shared/wish-lifecycle';
import { getBeneficiary } from '../../api/beneficiaries';
import { getStaffWish, listHandoverSites, listStaffCampaigns } from '../../api/staff-wishes';

export type WishEditorData =
  | { mode: 'readonly'; wish: StaffWish }
  | {
      mode: 'edit';
      wish: StaffWish | null;
      file: BeneficiaryFile;
      sites: HandoverSite[];
      campaigns: Pick<Campaign, 'id' | 'title' | 'state'>[];
    };

/**
 * What the wish page needs. Only an editable wish reads the child's file (an audited read): its
 * real name, guardian and school are what the privacy check looks for while she types.
 */
export async function loadWishEditor(wishId: string | undefined, beneficiaryId: string | undefined) {
  const wish = wishId ? await getStaffWish(wishId) : null;
  if (wish && !isWishEditable(wish.status)) return { mode: 'readonly', wish } satisfies WishEditorData;
  const fileId = wish?.beneficiary.id ?? beneficiaryId ?? '';
  const [file, sites, campaigns] = await Promise.all([
    getBeneficiary(fileId),
    listHandoverSites(),
    listStaffCampaigns(),
  ]);
  const open: WishEditorData & { mode: 'edit' } = {
    mode: 'edit',
    wish,
    file,
    sites: sites.items,
    campaigns: campaigns.items.filter((c) => c.state !== 'ended'),
  };
  // A wish already in a campaign that has since ended keeps showing it (the server decides).
  if (wish?.campaign && !open.campaigns.some((c) => c.id === wish.campaign?.id)) {
    open.campaigns.push({ id: wish.campaign.id, title: wish.campaign.title, state: 'ended' });
  }
  return open;
}

/** The hand-over site nearest the child: one in her village, else in her town, else the only one. */
export function defaultSiteId(file: BeneficiaryFile, sites: readonly HandoverSite[]): string {
  const near =
    sites.find((s) => s.region.id === file.region.id) ??
    sites.find((s) => s.region.id === file.town.id) ??
    (sites.length === 1 ? sites[0] : undefined);
  return near?.id ?? '';
}
