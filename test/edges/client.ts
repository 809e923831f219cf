/** A tiny browser stand-in for the edge suite: real HTTP through fetch, with a cookie jar. */

export interface Reply {
  status: number;
  headers: Headers;
  setCookies: string[];
  text: string;
  json(): any;
}

/** Cookie name of a Set-Cookie line, and whether the line deletes the cookie. */
function parseSetCookie(line: string): { name: string; value: string; deletes: boolean } {
  const first = line.split(';', 1)[0]!;
  const eq = first.indexOf('=');
  const name = first.slice(0, eq).trim();
  const value = first.slice(eq + 1).trim();
  const deletes = value === '' || /;\s*max-age=0\b/i.test(line) || /;\s*expires=Thu, 01 Jan 1970/i.test(line);
  return { name, value, deletes };
}

export class Client {
  readonly jar = new Map<string, string>();

  constructor(readonly base: string) {}

  /** The Cookie header this client sends. */
  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, init: { headers?: Record<string, string>; cookie?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = init.cookie ?? this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const res = await fetch(this.base + path, { method, headers, redirect: 'manual' });
    const text = await res.text();
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const { name, value, deletes } = parseSetCookie(line);
      if (deletes) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return {
      status: res.status,
      headers: res.headers,
      setCookies,
      text,
      json() {
        try {
          return JSON.parse(text);
        } catch {
          throw new Error(`${method} ${path}: ${res.status} answered non-JSON ${JSON.stringify(text.slice(0, 200))}`);
        }
      },
    };
  }

  get(path: string, init?: { headers?: Record<string, string>; cookie?: string }) {
    return this.request('GET', path, init);
  }

  post(path: string, init?: { headers?: Record<string, string>; cookie?: string }) {
    return this.request('POST', path, init);
  }

  /** The session data as the server reads it now. */
  async read(init?: { cookie?: string }): Promise<{ data: Record<string, unknown>; id: string | null }> {
    const reply = await this.get('/read', init);
    if (reply.status !== 200) throw new Error(`/read answered ${reply.status}: ${reply.text}`);
    return reply.json();
  }
}
