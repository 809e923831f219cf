/** A browser stand-in for the CSRF suite: fetch with a cookie jar, bodies and extra headers. */

export interface Answer {
  status: number;
  setCookies: string[];
  text: string;
  json(): any;
}

export class CsrfClient {
  readonly jar = new Map<string, string>();

  constructor(readonly base: string) {}

  async send(method: string, path: string, init: { headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';', 1) as [string];
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /;\s*max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return {
      status: res.status,
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

  async token(): Promise<string> {
    const answer = await this.send('GET', '/token');
    if (answer.status !== 200) throw new Error(`/token answered ${answer.status}: ${answer.text}`);
    return answer.json().token as string;
  }

  async data(): Promise<Record<string, unknown>> {
    const answer = await this.send('GET', '/read');
    if (answer.status !== 200) throw new Error(`/read answered ${answer.status}: ${answer.text}`);
    return answer.json().data as Record<string, unknown>;
  }
}
