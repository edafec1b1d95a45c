import type { TestApp } from './app.ts';

/** fetch() answered by the app in-process (openid-client and jose take a custom fetch). */
export function injectFetch(t: TestApp) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await t.app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(body ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value])
        if (v !== undefined) headers.append(name, String(v));
    }
    const noBody = res.statusCode === 204 || res.statusCode === 304;
    return new Response(noBody ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers });
  };
}

/**
 * A browser for the sign-in redirects: keeps cookies (by name, any path: enough for one host) and
 * follows redirects on the app's own host until one leaves it (to the relying party) or a page answers.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly #t: TestApp;
  constructor(t: TestApp, beckonSession?: string) {
    this.#t = t;
    if (beckonSession) {
      const [name, value] = beckonSession.split('=');
      this.cookies.set(name!, value!);
    }
  }

  async open(start: string, maxHops = 10) {
    let url = new URL(start, 'http://beckon.test');
    for (let hop = 0; hop < maxHops; hop++) {
      const res = await this.#t.app.inject({
        method: 'GET',
        url: url.pathname + url.search,
        headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      const setCookie = res.headers['set-cookie'];
      for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
        const [pair, ...attrs] = c.split(';');
        const [name, ...rest] = pair!.split('=');
        const value = rest.join('=');
        const expired = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
        if (!value || expired) this.cookies.delete(name!.trim());
        else this.cookies.set(name!.trim(), value);
      }
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        const next = new URL(location, url);
        if (next.host !== 'beckon.test')
          return { status: res.statusCode, url: next, body: res.body, headers: res.headers };
        url = next;
        continue;
      }
      return { status: res.statusCode, url, body: res.body, headers: res.headers };
    }
    throw new Error(`more than ${maxHops} redirects from ${start}`);
  }
}
