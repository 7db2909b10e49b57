import type { DemoPersona, MemberRole, OrganizationKind } from '../../shared/constants';

/** Fictional organizations of the demo county ("1+7+N": a bureau, charities, volunteer teams). */
export const DEMO_ORGANIZATIONS: { key: string; name: string; kind: OrganizationKind; town?: string }[] = [
  { key: 'bureau', name: '云溪县民政局儿童福利股', kind: 'government' },
  { key: 'charity', name: '云溪县慈善总会', kind: 'charity' },
  { key: 'volunteers', name: '石桥镇爱心妈妈志愿服务队', kind: 'volunteer_team', town: '石桥镇' },
];

/** One demo user per persona; staff personas hold one membership each. */
export const DEMO_PEOPLE: {
  persona: DemoPersona;
  displayName: string;
  isPlatformAdmin?: boolean;
  membership?: { org: string; role: MemberRole; town?: string; village?: string };
}[] = [
  { persona: 'donor', displayName: '爱心人士·陈女士' },
  {
    persona: 'caseworker',
    displayName: '儿童主任·林姐',
    membership: { org: 'bureau', role: 'caseworker', town: '石桥镇', village: '上坑村' },
  },
  {
    persona: 'reviewer',
    displayName: '儿童督导员·王老师',
    membership: { org: 'bureau', role: 'reviewer', town: '石桥镇' },
  },
  { persona: 'finance', displayName: '福利股财务·张会计', membership: { org: 'bureau', role: 'finance' } },
  {
    persona: 'org_admin',
    displayName: '慈善总会·李秘书长',
    membership: { org: 'charity', role: 'org_admin' },
  },
  { persona: 'admin', displayName: '平台管理员', isPlatformAdmin: true },
];
