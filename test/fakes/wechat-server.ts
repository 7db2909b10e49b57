import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * A stand-in for api.weixin.qq.com that speaks `GET /sns/jscode2session` over real HTTP, so the client
 * is tested through its actual fetch, URL encoding and JSON parsing rather than a mocked function.
 */
export interface FakeWechat {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Mints a one-time code, as `wx.login()` would, for this openid. */
  issueCode(openid: string, opts?: { unionid?: string }): string;
  /** The next jscode2session request answers this error instead (once). */
  setNextError(errcode: number, errmsg?: string): void;
  /** Every request received, in order; `rawQuery` is the query string exactly as sent on the wire. */
  requests: { path: string; query: Record<string, string>; rawQuery: string }[];
  close(): Promise<void>;
}

export async function startFakeWechat(
  options: { appId?: string; appSecret?: string } = {},
): Promise<FakeWechat> {
  const appId = options.appId ?? 'wx-fake-app-id';
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const requests: FakeWechat['requests'] = [];
  let nextError: { errcode: number; errmsg: string } | undefined;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query, rawQuery: url.search.slice(1) });

    // Like WeChat: JSON labelled text/plain, and errors still answer HTTP 200.
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') {
      return reply(404, { errcode: 404, errmsg: 'not found' });
    }
    if (nextError) {
      const err = nextError;
      nextError = undefined;
      return reply(200, err);
    }
    if (query.appid !== appId) return reply(200, { errcode: 40013, errmsg: 'invalid appid' });
    if (query.secret !== appSecret) return reply(200, { errcode: 40125, errmsg: 'invalid appsecret' });
    if (query.grant_type !== 'authorization_code') {
      return reply(200, { errcode: 40002, errmsg: 'invalid grant_type' });
    }
    const issued = codes.get(query.js_code ?? '');
    if (!issued) return reply(200, { errcode: 40029, errmsg: 'invalid code' });
    if (issued.used) return reply(200, { errcode: 40163, errmsg: 'code been used' });
    issued.used = true;
    const sessionKey = randomBytes(16).toString('base64');
    reply(200, {
      openid: issued.openid,
      session_key: sessionKey,
      ...(issued.unionid ? { unionid: issued.unionid } : {}),
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    issueCode(openid, opts = {}) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid, unionid: opts.unionid, used: false });
      return code;
    },
    setNextError(errcode, errmsg = `fake error ${errcode}`) {
      nextError = { errcode, errmsg };
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
