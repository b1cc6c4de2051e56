/**
 * A minimal browser for HTTP tests of the sign-in: a cookie jar (name → value, by path, with its
 * attributes) and manual redirect following, so a test walks the OpenID Connect dance through the
 * built-in provider as a person's browser would. `csrf: true` sends the readable CSRF cookie back
 * as x-csrf-token on writes, as the web app does.
 */
import assert from 'node:assert/strict';

export interface Answer { status: number; url: URL; text: string; headers: Headers; hops: string[]; json(): any }

export class CookieBrowser {
  cookies = new Map<string, { value: string; path: string; attrs: string }>();
  constructor(readonly base: string, private readonly opts: { csrf?: boolean } = {}) {}

  private cookieHeader(url: URL) {
    return [...this.cookies.entries()].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expired = attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path, attrs: attrs.join('; ') });
    }
  }

  async request(method: string, path: string, opts: { body?: string; json?: unknown; accept?: string; headers?: Record<string, string>; follow?: boolean } = {}): Promise<Answer> {
    let url = new URL(path, this.base);
    let m = method;
    let body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
    const hops: string[] = [];
    for (let i = 0; i < 15; i++) {
      const headers: Record<string, string> = { accept: opts.accept ?? 'text/html,application/json', ...(opts.headers ?? {}) };
      const cookie = this.cookieHeader(url);
      if (cookie) headers.cookie = cookie;
      if (body !== undefined && !headers['content-type']) headers['content-type'] = opts.json !== undefined ? 'application/json' : 'application/x-www-form-urlencoded';
      const csrf = this.cookies.get('mizan_csrf');
      if (this.opts.csrf && csrf && m !== 'GET' && !headers['x-csrf-token']) headers['x-csrf-token'] = csrf.value;
      const res = await fetch(url, { method: m, headers, body, redirect: 'manual' });
      this.store(res);
      hops.push(`${m} ${url.pathname} → ${res.status}`);
      const location = res.headers.get('location');
      if (opts.follow !== false && res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && m === 'POST')) {
          m = 'GET';
          body = undefined;
        }
        continue;
      }
      const text = await res.text();
      return { status: res.status, url, text, headers: res.headers, hops, json: () => JSON.parse(text) };
    }
    throw new Error(`too many redirects: ${hops.join(', ')}`);
  }

  /** Starts at `/auth/login?<query>` and, on the provider's page, types the national ID (and residency). */
  async signInFrom(query: string, nationalId: string, residency: string): Promise<Answer> {
    const page = await this.request('GET', `/auth/login?${query}`);
    if (!/^\/idp\/interaction\//.test(page.url.pathname)) return page;
    const action = /<form method="post" action="([^"]+)" id="typed-id">/.exec(page.text)?.[1];
    assert.ok(action, 'the provider offers a national-ID form');
    return this.request('POST', action, { body: new URLSearchParams({ nationalId, residency }).toString() });
  }
}
