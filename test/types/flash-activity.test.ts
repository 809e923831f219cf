import assert from 'node:assert/strict';
import type { Request } from 'express';
import type { Context } from 'koa';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { test } from 'node:test';
import { cookieSession, session, type FlashMessages } from '../../src/index.js';
import { cookieSession as honoCookieSession, type FlashEnv } from '../../src/hono.js';
import { flash as nodeFlash } from '../../src/node.js';
import { flash as webFlash } from '../../src/web.js';
import '../../src/fastify.js';
import '../../src/koa.js';
import type { IncomingMessage } from 'node:http';

// Type-level checks: compiled by `tsc --noEmit`; never called.
function typed(req: Request, request: FastifyRequest, reply: FastifyReply, ctx: Context, raw: IncomingMessage): void {
  const count: number = req.flash('info', 'Saved %s', 'x');
  const many: number = req.flash('info', ['a', 'b']);
  const list: string[] = req.flash('info');
  const all: FlashMessages = req.flash();
  // @ts-expect-error a message count is not a list
  const wrong: string[] = req.flash('info', 'x');
  const fromReply: string[] = reply.flash('info');
  const allFromReply: FlashMessages = reply.flash();
  const fastifyCount: number = request.flash('info', 'x');
  const koaList: string[] = ctx.flash('info');
  const nodeCount: number = nodeFlash(raw).flash('info', 'x');
  const webList: string[] = webFlash({ session: {} })('info');
  req.session.setActivity('passive').setActivity('rolling');
  // @ts-expect-error only 'active' | 'passive' | 'rolling'
  req.session.setActivity('sleepy');
  session({ secret: 's', activity: (r) => (r.path === '/poll' ? 'passive' : undefined) });
  cookieSession({ keys: ['k'], activity: (r) => (r.path === '/poll' ? 'passive' : 'active') });
  // Hono gets the Fetch Request, as its `genid` does.
  honoCookieSession({ keys: ['k'], activity: (r) => (new URL(r.url).pathname === '/poll' ? 'passive' : undefined) });
  // @ts-expect-error the option answers one of the three (or undefined)
  session({ secret: 's', activity: () => 'sometimes' });
  const env: FlashEnv['Variables']['flash'] = req.flash;
  void [count, many, list, all, wrong, fromReply, allFromReply, fastifyCount, koaList, nodeCount, webList, env];
}

test('flash and activity are typed on every edge (checked by tsc)', () => {
  assert.equal(typeof typed, 'function');
});
