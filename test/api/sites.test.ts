import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beneficiaryFileSchema } from '../../shared/schemas/beneficiaries';
import { handoverSiteListSchema, handoverSiteSchema } from '../../shared/schemas/staff-wishes';
import { newPublicId } from '../../server/ids';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  addStaff,
  auditEvents,
  call,
  CONSENT,
  countRows,
  demoLogin,
  fileBody,
  publicIdOf,
  wishBody,
} from '../support/staff';

// Hand-over sites (转交点): the org admin adds them in her organization's region; caseworkers of
// that organization then pick one for a wish.
describe('hand-over sites', () => {
  let t: TestApp;
  let orgAdmin: string;
  let caseworker: string;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    orgAdmin = await demoLogin(t, 'org_admin');
    caseworker = await demoLogin(t, 'caseworker');
  });
  afterAll(() => t.close());

  const chengguan = () => publicIdOf(t, 'regions', '城关镇');

  it('lets the org admin add a site and list it', async () => {
    const before = await call(t, orgAdmin, 'GET', '/api/v1/staff/sites');
    expect(before.statusCode).toBe(200);
    expect(handoverSiteListSchema.parse(before.json()).items).toEqual([]);

    const res = await call(t, orgAdmin, 'POST', '/api/v1/staff/sites', {
      name: '慈善总会城关服务站',
      regionId: chengguan(),
    });
    expect(res.statusCode).toBe(201);
    const site = handoverSiteSchema.parse(res.json());
    expect(site).toMatchObject({ name: '慈善总会城关服务站', region: { id: chengguan(), name: '城关镇' } });

    const after = await call(t, orgAdmin, 'GET', '/api/v1/staff/sites');
    expect(handoverSiteListSchema.parse(after.json()).items).toEqual([site]);
    expect(auditEvents(t, 'site.created').at(-1)).toMatchObject({ outcome: 'ok', target_id: site.id });
  });

  it('refuses a caseworker, an unknown region and an empty name, writing nothing', async () => {
    const rows = countRows(t, 'handover_sites');
    const forbidden = await call(t, caseworker, 'POST', '/api/v1/staff/sites', {
      name: '上坑村未保站',
      regionId: publicIdOf(t, 'regions', '上坑村'),
    });
    expect(forbidden.statusCode).toBe(403);

    const unknown = await call(t, orgAdmin, 'POST', '/api/v1/staff/sites', {
      name: '不存在的地方',
      regionId: newPublicId(),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'REGION_NOT_FOUND' } });

    const empty = await call(t, orgAdmin, 'POST', '/api/v1/staff/sites', {
      name: '  ',
      regionId: chengguan(),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ message: '请填写转交点名称，如 上坑村儿童之家' })],
      },
    });
    expect(countRows(t, 'handover_sites')).toBe(rows);
  });

  it('keeps the address and office phone donors ship to, and refuses a phone that is not one', async () => {
    const regionId = publicIdOf(t, 'regions', '南桥村');
    const bad = await call(t, orgAdmin, 'POST', '/api/v1/staff/sites', {
      name: '南桥村社工站',
      regionId,
      contactPhone: '打这个电话',
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('contactPhone');
    const res = await call(t, orgAdmin, 'POST', '/api/v1/staff/sites', {
      name: '南桥村社工站',
      regionId,
      address: '云溪县城关镇南桥村村委会',
      contactPhone: '0599-6219999',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ address: '云溪县城关镇南桥村村委会', contactPhone: '0599-6219999' });
    const listed = handoverSiteListSchema.parse(
      (await call(t, orgAdmin, 'GET', '/api/v1/staff/sites')).json(),
    );
    expect(listed.items.find((s) => s.name === '南桥村社工站')?.address).toBe('云溪县城关镇南桥村村委会');
  });

  it('makes a new site selectable for a wish by the organization’s caseworker', async () => {
    const created = await call(t, orgAdmin, 'POST', '/api/v1/staff/sites', {
      name: '南桥村儿童之家',
      regionId: publicIdOf(t, 'regions', '南桥村'),
    });
    expect(created.statusCode).toBe(201);
    const site = handoverSiteSchema.parse(created.json());

    const { token } = addStaff(t, { name: '林社工', org: '云溪县慈善总会', role: 'caseworker' });
    const sites = await call(t, token, 'GET', '/api/v1/staff/sites');
    expect(handoverSiteListSchema.parse(sites.json()).items.map((s) => s.name)).toContain('南桥村儿童之家');

    const file = await call(
      t,
      token,
      'POST',
      '/api/v1/beneficiaries',
      fileBody(publicIdOf(t, 'regions', '南桥村'), { consent: CONSENT }),
    );
    expect(file.statusCode).toBe(201);
    const fileId = beneficiaryFileSchema.parse(file.json()).id;
    const wish = await call(t, token, 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(site.id));
    expect(wish.statusCode).toBe(201);
    expect(wish.json()).toMatchObject({ handoverSite: { id: site.id, name: '南桥村儿童之家' } });
  });
});
