/**
 * csrf() in headless Chromium, in both session modes: a page's own form and its own fetch() with
 * the token succeed; a page served from another site (127.0.0.1 vs localhost) auto-submitting a
 * form at the app is refused with 403, and the victim's session data is unchanged.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { chromium, type Browser } from 'playwright-core';
import { cookieSession, csrf, session, MemoryStore } from '../../src/index.js';
import { escapeHtml } from '../../demo/views/html.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP = { timeout: 30_000 };

type Mode = 'stored' | 'sealed';
type Data = Record<string, any>;

async function listen(server: http.Server, host?: string): Promise<{ port: number; close(): Promise<void> }> {
  server.listen(0, host);
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()),
  };
}

/** The app under attack: a note in the session, set by a form and by fetch(). */
function victimApp(mode: Mode): express.Express {
  const app = express();
  app.use(
    (mode === 'stored'
      ? session({ secret: randomBytes(32).toString('base64url'), store: new MemoryStore({ sweepInterval: 0 }) })
      : cookieSession({ keys: [randomBytes(32).toString('base64url')] })) as express.RequestHandler,
  );
  app.use(express.urlencoded({ extended: false }));
  app.use(csrf());
  app.get('/', (req, res) => {
    const s = req.session as unknown as Data;
    const token = escapeHtml(req.csrfToken());
    res.type('html').send(`<!doctype html><title>victim</title>
<p id="note">${escapeHtml(String(s.note ?? 'none'))}</p>
<form method="post" action="/note"><input type="hidden" name="_csrf" value="${token}">
<input name="note" id="field"><button id="save">Save</button></form>
<meta name="csrf-token" content="${token}">`);
  });
  app.post('/note', (req, res) => {
    (req.session as unknown as Data).note = String(req.body?.note ?? '');
    res.redirect(303, '/');
  });
  app.post('/api/note', (req, res) => {
    (req.session as unknown as Data).note = 'from fetch';
    res.json({ ok: true });
  });
  app.use((error: Data, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error.status ?? 500).type('text').send(`${error.code} ${error.reason}`);
  });
  return app;
}

/** Another site's page that posts a form at the victim as soon as it loads. */
function attackerServer(target: string): http.Server {
  return http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>attacker</title>
<form id="f" method="post" action="${target}/note"><input name="note" value="pwned"><input name="_csrf" value="AAAAAAAA-${'A'.repeat(43)}"></form>
<script>document.getElementById('f').submit()</script>`);
  });
}

let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install chromium\``);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
});

for (const mode of ['stored', 'sealed'] as const) {
  describe(`csrf() in Chromium, ${mode === 'stored' ? 'session()' : 'cookieSession()'}`, () => {
    let victim: { port: number; close(): Promise<void> };
    let attacker: { port: number; close(): Promise<void> };
    let origin: string;

    before(async () => {
      // Dual-stack: Chromium may resolve localhost to ::1 or 127.0.0.1.
      victim = await listen(http.createServer(victimApp(mode)));
      origin = `http://localhost:${victim.port}`;
      attacker = await listen(attackerServer(origin), '127.0.0.1');
    });

    after(async () => {
      await victim?.close();
      await attacker?.close();
    });

    test("the page's own form post carries its token and succeeds", STEP, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(origin);
        await page.fill('#field', 'hello');
        await Promise.all([page.waitForURL(origin + '/'), page.click('#save')]);
        await page.waitForLoadState();
        assert.equal(await page.locator('#note').textContent(), 'hello');
        const token = await page.locator('meta[name="csrf-token"]').getAttribute('content');
        const status = await page.evaluate(async (value) => (await fetch('/api/note', { method: 'POST', headers: { 'x-csrf-token': value! } })).status, token);
        assert.equal(status, 200);
        const withoutToken = await page.evaluate(async () => (await fetch('/api/note', { method: 'POST' })).status);
        assert.equal(withoutToken, 403);
        await page.reload();
        assert.equal(await page.locator('#note').textContent(), 'from fetch');
      } finally {
        await context.close();
      }
    });

    test('a cross-site form post is refused with 403 and the session is unchanged', STEP, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(origin);
        await page.fill('#field', 'mine');
        await Promise.all([page.waitForURL(origin + '/'), page.click('#save')]);
        await page.waitForLoadState();
        assert.equal(await page.locator('#note').textContent(), 'mine');

        const refused = page.waitForResponse((response) => response.url() === `${origin}/note` && response.request().method() === 'POST');
        await page.goto(`http://127.0.0.1:${attacker.port}/`);
        const response = await refused;
        assert.equal(response.status(), 403);
        assert.equal(await response.text(), 'ERR_SESSION_CSRF cross-site');

        await page.goto(origin);
        assert.equal(await page.locator('#note').textContent(), 'mine');
      } finally {
        await context.close();
      }
    });
  });
}
