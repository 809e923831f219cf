/**
 * The demo (`npm start`) end to end in Debian's headless Chromium, driven by playwright-core:
 * login with id rotation, the tutorial's variables, a reload, a server process killed and
 * restarted (SQLite + persisted secret keep the user logged in), "log out the others", logout and
 * replay of the old cookie, CSRF tokens on every form, and the sealed cookie mode. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Cookie, type Page } from 'playwright-core';
import { freePort, startDemo, type DemoProcess } from './demo-process.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP = { timeout: 30_000 };

let browser: Browser;
let demo: DemoProcess;
let port: number;
let dataDir: string;
let context: BrowserContext;
let page: Page;
const extraContexts: BrowserContext[] = [];

async function shot(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: join(ARTIFACTS, `demo-${name}.png`), fullPage: true });
}

/** Clicks a submit button and waits until the page the POST redirects to (`landing`) has loaded. */
async function submit(target: Page, selector: string, landing: RegExp): Promise<void> {
  // Waits for the new GET itself, so landing on the same URL twice in a row is not mistaken for done.
  const landed = target.waitForResponse((response) => {
    const request = response.request();
    return request.method() === 'GET' && request.isNavigationRequest() && landing.test(response.url());
  });
  await target.click(selector);
  await landed;
  await target.waitForLoadState();
}

async function sidOf(ctx: BrowserContext): Promise<Cookie | undefined> {
  return (await ctx.cookies()).find((cookie) => cookie.name === 'sid');
}

async function sessionJson(target: Page): Promise<Record<string, unknown>> {
  return JSON.parse((await target.locator('#session-json').textContent()) ?? 'null') as Record<string, unknown>;
}

async function status(target: Page): Promise<string> {
  return ((await target.locator('#status').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function login(target: Page, name: string): Promise<void> {
  await target.goto(`${demo.url}/login`);
  await target.fill('#username', name);
  await target.fill('#password', 'demo');
  await submit(target, '#login', /done=login/);
}

describe('demo in headless Chromium', () => {
  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install chromium\` (the test never downloads a browser)`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'satchel-demo-'));
    port = await freePort();
    demo = await startDemo(port, dataDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    context = await browser.newContext({ userAgent: 'satchel-browser-test/laptop' });
    page = await context.newPage();
  });

  after(async () => {
    for (const ctx of extraContexts) await ctx.close().catch(() => {});
    await browser?.close();
    await demo?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('an anonymous visit stores nothing and sends no cookie (LC-06)', STEP, async () => {
    await page.goto(demo.url);
    assert.match(await status(page), /^Anonymous/);
    assert.equal(await sidOf(context), undefined);
    assert.equal(await page.locator('#stored').textContent().then((t) => t?.trim().split(/\s/)[0]), 'not');
    await shot(page, '01-anonymous');
  });

  test('LC-02: logging in rotates the session id and keeps the variables asked for', STEP, async () => {
    await submit(page, '#step-set', /done=set/);
    // FL-03: the form post's flash message shows once; a reload reads an empty flash.
    assert.match((await page.locator('.flash').textContent()) ?? '', /Saved before the redirect/);
    await page.reload();
    assert.equal(await page.locator('.flash').count(), 0);
    const anonymous = await sidOf(context);
    assert.ok(anonymous, 'writing a variable issues the session cookie');
    assert.equal(anonymous.httpOnly, true);
    assert.equal(anonymous.sameSite, 'Lax');
    await login(page, 'napoleon');
    assert.equal(await page.locator('#user-name').textContent(), 'napoleon');
    const loggedIn = await sidOf(context);
    assert.ok(loggedIn);
    assert.notEqual(loggedIn.value, anonymous.value, 'login must issue a new id');
    assert.equal((await sessionJson(page)).name, 'Napoleon');
    await shot(page, '02-logged-in');
  });

  test('the tutorial: push, change, set and delete variables; a reload shows the same data', STEP, async () => {
    await submit(page, '#step-push', /done=push/);
    await submit(page, '#step-rename', /done=rename/);
    await page.fill('#var-key', 'motto');
    await page.fill('#var-value', 'Vive la session');
    await submit(page, '#set-var', /done=var/);
    await page.fill('#var-key', 'scratch');
    await page.fill('#var-value', 'to delete');
    await submit(page, '#set-var', /done=var/);
    await submit(page, 'td[data-key="scratch"] + td button', /done=deleted/);
    await page.reload();
    const data = await sessionJson(page);
    assert.equal(data.name, 'Pedro');
    assert.equal(data['primary skill'], 'Dancing');
    assert.deepEqual(data.skills, ['Baking']);
    assert.equal(data.motto, 'Vive la session');
    assert.equal(data.scratch, undefined);
    assert.deepEqual(data.user, { name: 'napoleon' });
    assert.equal(await page.locator('#stored').textContent().then((t) => t?.trim().split(/\s/)[0]), 'yes');
    await shot(page, '03-tutorial');
  });

  test('CSRF-01: every POST form carries its session\'s token; a post without one is refused and changes nothing', STEP, async () => {
    await page.goto(demo.url);
    const forms = await page.locator('form[method="post"]').count();
    assert.ok(forms >= 5, `${forms} forms`);
    const tokens = await page.locator('form[method="post"] input[name="_csrf"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    assert.equal(tokens.length, forms, 'one _csrf field per form');
    assert.ok(tokens.every((token) => /^[\w-]{8}-[\w-]{43}$/.test(token)), 'a logged-in session has its tokens rendered');
    await page.reload();
    const again = await page.locator('form[method="post"] input[name="_csrf"]').first().inputValue();
    assert.notEqual(again, tokens[0], 'each rendering gets a new token (salted)');
    assert.equal((await sessionJson(page)).csrfSecret, undefined, 'the secret is not shown');
    const sid = await sidOf(context);
    const forged = await fetch(`${demo.url}/tutorial/rename`, { method: 'POST', headers: { cookie: `sid=${sid!.value}`, 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /ERR_SESSION_CSRF/);
    assert.equal((await sessionJson(page)).name, 'Pedro');
  });

  test('CK-09: "remember me" sets cookie.maxAge and the cookie becomes persistent, within the server deadline', STEP, async () => {
    assert.equal((await sidOf(context))?.expires, -1, 'a browser-session cookie by default');
    await submit(page, '#remember-on', /done=remember/);
    assert.match((await page.locator('#original-max-age').textContent()) ?? '', /^\s*604800000/);
    const expires = (await sidOf(context))?.expires ?? -1;
    const week = 7 * 24 * 3600;
    assert.ok(expires > Date.now() / 1000 + week - 120 && expires <= Date.now() / 1000 + week + 1, `cookie expires in about a week, got ${expires}`);
  });

  test('STO-01: the server process is killed and restarted, the user is still logged in with the same data', STEP, async () => {
    const before = await sidOf(context);
    await demo.kill();
    demo = await startDemo(port, dataDir);
    await page.reload();
    assert.equal(await page.locator('#user-name').textContent(), 'napoleon', demo.output());
    const data = await sessionJson(page);
    assert.equal(data.name, 'Pedro');
    assert.deepEqual(data.skills, ['Baking']);
    assert.equal((await sidOf(context))?.value, before?.value);
    await shot(page, '04-after-restart');
  });

  test('TM-04: "log out the others" ends the same user\'s session in another browser', STEP, async () => {
    const phone = await browser.newContext({ userAgent: 'satchel-browser-test/phone' });
    extraContexts.push(phone);
    const other = await phone.newPage();
    await login(other, 'napoleon');
    await page.goto(`${demo.url}/devices`);
    assert.equal(await page.locator('#devices tr.current').count(), 1);
    assert.equal(await page.locator('#devices tr.other').count(), 1);
    assert.match((await page.locator('#devices tr.other').textContent()) ?? '', /phone/);
    await shot(page, '05-devices');
    await submit(page, '#logout-others', /done=others-1/);
    assert.equal(await page.locator('#devices tr.other').count(), 0);
    await other.reload();
    assert.match(await status(other), /^Anonymous/);
    await phone.close();
  });

  test('audit sign out one device: the "Sign out" button on one row ends that browser only', STEP, async () => {
    const tablet = await browser.newContext({ userAgent: 'satchel-browser-test/tablet' });
    const watch = await browser.newContext({ userAgent: 'satchel-browser-test/watch' });
    extraContexts.push(tablet, watch);
    const onTablet = await tablet.newPage();
    const onWatch = await watch.newPage();
    await login(onTablet, 'napoleon');
    await login(onWatch, 'napoleon');
    await page.goto(`${demo.url}/devices`);
    assert.equal(await page.locator('#devices tr.other').count(), 2);
    const row = page.locator('#devices tr.other', { hasText: 'tablet' });
    await Promise.all([page.waitForURL(/done=signed-out/), row.locator('button.sign-out').click()]);
    assert.equal(await page.locator('#devices tr.other').count(), 1);
    assert.match((await page.locator('#devices tr.other').textContent()) ?? '', /watch/);
    await onTablet.reload();
    assert.match(await status(onTablet), /^Anonymous/);
    await onWatch.reload();
    assert.doesNotMatch(await status(onWatch), /^Anonymous/);
    await tablet.close();
    await watch.close();
  });

  test('TM-01/TM-02: after logout, replaying the old cookie gives an anonymous session', STEP, async () => {
    await page.goto(demo.url);
    const old = await sidOf(context);
    assert.ok(old);
    await submit(page, '#logout', /done=logout/);
    assert.match(await status(page), /^Anonymous/);
    assert.equal(await sidOf(context), undefined, 'logout clears the cookie');
    assert.match((await page.locator('#events').textContent()) ?? '', /logout/);
    await shot(page, '06-logged-out');

    // A copy of the cookie taken before logout, replayed from a fresh browser…
    const thief = await browser.newContext();
    extraContexts.push(thief);
    await thief.addCookies([old]);
    const thiefPage = await thief.newPage();
    await thiefPage.goto(demo.url);
    assert.match(await status(thiefPage), /^Anonymous/);
    assert.equal((await sessionJson(thiefPage)).name, undefined);
    await shot(thiefPage, '07-replayed-cookie');
    await thief.close();

    // …and as a raw request: nothing, and the dead cookie is cleared.
    const response = await fetch(demo.url, { headers: { cookie: `sid=${old.value}` } });
    const body = await response.text();
    assert.match(body, /id="status">Anonymous/);
    assert.doesNotMatch(body, /&quot;name&quot;/);
    assert.match(response.headers.get('set-cookie') ?? '', /^sid=;.*Max-Age=0/i);
  });

  test('cookie mode: data round-trips through a sealed cookie the browser cannot read', STEP, async () => {
    await page.goto(`${demo.url}/cookie`);
    await submit(page, '#cookie-set', /done=set/);
    assert.match((await page.locator('.flash').textContent()) ?? '', /Sealed into the cookie/);
    await submit(page, '#cookie-push', /done=push/);
    await page.reload();
    const data = JSON.parse((await page.locator('#cookie-session-json').textContent()) ?? 'null') as Record<string, unknown>;
    assert.deepEqual(data, { name: 'Napoleon', 'primary skill': 'Dancing', skills: ['Baking'] });
    const sealed = (await context.cookies(`${demo.url}/cookie`)).find((cookie) => cookie.name === 'satchel-sealed');
    assert.ok(sealed, 'the sealed cookie is set');
    assert.equal(sealed.path, '/cookie');
    assert.equal(sealed.httpOnly, true);
    const decoded = Buffer.from(decodeURIComponent(sealed.value).replace(/[^A-Za-z0-9_-]/g, ''), 'base64url').toString('latin1');
    for (const plain of ['Napoleon', 'Dancing', 'Baking', 'skills']) {
      assert.equal(sealed.value.includes(plain) || decoded.includes(plain), false, `${plain} must not be readable in the cookie`);
    }
    assert.match((await page.locator('#raw-cookie').textContent()) ?? '', /^satchel-sealed=/);
    assert.equal(await sidOf(context), undefined, 'cookie mode does not start a store session');
    await shot(page, '08-cookie-mode');

    await submit(page, '#cookie-destroy', /done=destroy/);
    assert.deepEqual(JSON.parse((await page.locator('#cookie-session-json').textContent()) ?? 'null'), {});
    assert.equal((await context.cookies(`${demo.url}/cookie`)).some((cookie) => cookie.name === 'satchel-sealed'), false);
  });
});
