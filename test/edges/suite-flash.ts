/**
 * Flash messages and per-route activity on every edge, in both modes: part of the edge suite
 * (suite.ts calls these inside each mode's block, on its server and shared clock).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from './client.js';

/** Per-request activity from the query string (`?activity=passive`), the `activity` option every harness passes on. */
export function activityFromUrl(req: unknown): 'active' | 'passive' | 'rolling' | undefined {
  // Every edge's request has a `url`: a path (Express, Fastify, Koa, node:http) or a full URL (Request).
  const url = new URL(String((req as { url?: unknown }).url ?? '/'), 'http://edge.test');
  return (url.searchParams.get('activity') ?? undefined) as 'active' | 'passive' | 'rolling' | undefined;
}

export function flashCases(client: () => Client): void {
  test('FL-09: flash(type, msg) counts, %s formats, flash(type) reads once, flash() clears all', async () => {
    const c = client();
    assert.deepEqual((await c.post('/flash?type=info&v=saved')).json(), { count: 1 });
    assert.deepEqual((await c.post('/flash?type=info&v=again')).json(), { count: 2 });
    assert.deepEqual((await c.post('/flash-format?type=info&v=Ada')).json(), { count: 3 });
    assert.deepEqual((await c.post('/flash?type=error&v=oops')).json(), { count: 1 });
    assert.deepEqual((await c.get('/flash?type=info')).json(), { messages: ['saved', 'again', 'Hello Ada'] });
    assert.deepEqual((await c.get('/flash?type=info')).json(), { messages: [] });
    assert.deepEqual((await c.get('/flash')).json(), { messages: { error: ['oops'] } });
    assert.deepEqual((await c.get('/flash')).json(), { messages: {} });
    // Read and gone: the session holds no flash key any more.
    assert.equal((await c.read()).data.flash, undefined);
  });

  test('FL-10: reading an empty flash creates no session and sends no cookie', async () => {
    const reply = await client().get('/flash');
    assert.deepEqual(reply.json(), { messages: {} });
    assert.deepEqual(reply.setCookies, []);
    const typed = await client().get('/flash?type=info');
    assert.deepEqual(typed.json(), { messages: [] });
    assert.deepEqual(typed.setCookies, []);
  });
}

export function activityCases(client: () => Client, clock: { advance(ms: number): void }, idle: number): void {
  test('ACT-05: a passive request does not keep the session alive; an active one does', async () => {
    const [polled, used] = [client(), client()];
    await polled.post('/set?k=x&v=1');
    await used.post('/set?k=x&v=1');
    clock.advance(idle * 0.6);
    const poll = await polled.get('/read?activity=passive');
    assert.equal(poll.json().data.x, '1');
    assert.deepEqual(poll.setCookies, [], 'a passive read re-issues no cookie');
    assert.equal((await used.read()).data.x, '1');
    // 1.2 × idle after the write: past the passive reader's deadline (and the seal's 60 s skew allowance).
    clock.advance(idle * 0.6);
    assert.deepEqual((await polled.read()).data, {});
    assert.equal((await used.read()).data.x, '1');
  });

  test("ACT-06: setActivity('rolling') re-issues the cookie at once; 'passive' sends none", async () => {
    const c = client();
    await c.post('/set?k=x&v=1');
    const passive = await c.get('/activity?a=passive');
    assert.equal(passive.status, 200);
    assert.deepEqual(passive.setCookies, []);
    const rolling = await c.get('/activity?a=rolling');
    assert.equal(rolling.status, 200);
    assert.equal(rolling.setCookies.length, 1, JSON.stringify(rolling.setCookies));
    assert.equal((await c.read()).data.x, '1');
  });

  test('ACT-07: an activity outside the three fails the request with ERR_SESSION_VALUE', async () => {
    const c = client();
    await c.post('/set?k=x&v=1');
    const viaMethod = await c.get('/activity?a=sleepy');
    assert.equal(viaMethod.status, 500);
    assert.equal(viaMethod.json().code, 'ERR_SESSION_VALUE');
    const viaOption = await c.get('/read?activity=sleepy');
    assert.equal(viaOption.status, 500);
    assert.equal(viaOption.json().code, 'ERR_SESSION_VALUE');
  });
}
