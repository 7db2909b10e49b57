import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicCampaign } from '../../shared/schemas/wishes';
import type { PayOrder } from '../../shared/schemas/payments';
import type { Receipt } from '../../shared/schemas/ledger';
import { startServer, type ServerProcess } from '../support/server-process';

/**
 * The real server process in demo mode (`npm start` without a merchant): it starts the local fake
 * WeChat Pay, gives it its own notify URL, and a newcomer finishes a donation with "simulate
 * payment" — the fake pays and calls back over HTTP, the same code path as production.
 */
describe('demo mode, real server process', { timeout: 90_000 }, () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ DEMO: '1' });
  }, 60_000);
  afterAll(() => server.stop());

  const api = async (method: string, url: string, token?: string, body?: object, key?: string) => {
    const res = await fetch(new URL(url, server.url), {
      method,
      headers: {
        ...(body && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...(key && { 'idempotency-key': key }),
      },
      ...(body && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  it('donates to a campaign with H5 payment, simulates paying, and shows the receipt', async () => {
    const login = (await api('POST', '/api/v1/auth/demo', undefined, { persona: 'donor' })).json as {
      token: string;
    };
    const campaigns = (await api('GET', '/api/v1/campaigns')).json as { items: PublicCampaign[] };
    const campaignId = campaigns.items[0]?.id ?? '';
    const created = await api(
      'POST',
      '/api/v1/pay/orders',
      login.token,
      { target: { kind: 'campaign', campaignId }, amountFen: 2000, donorDisplay: 'anonymous', channel: 'h5' },
      'demo-donation-0001',
    );
    expect(created.status).toBe(201);
    const order = created.json as PayOrder;
    expect(order).toMatchObject({ status: 'created', demo: true, pay: { kind: 'h5' } });
    const paid = await api('POST', `/api/v1/demo/pay/orders/${order.id}/simulate`, login.token);
    expect(paid.status).toBe(200);
    const view = paid.json as PayOrder;
    expect(view).toMatchObject({ status: 'paid', receipt: { receiptNo: expect.any(String) } });
    const receipt = (await api('GET', `/api/v1/receipts/${view.receipt?.id}`)).json as Receipt;
    expect(receipt).toMatchObject({ channel: 'wechat', amountFen: 2000, publicName: '匿名' });
    expect(server.output()).not.toMatch(/WeChat Pay callback refused|payment sweep failed/);
  });
});
