import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { flashOn, type Flash, type FlashMessages, type FlashReader } from '../../flash/flash.js';

// Prototype methods through Fastify's decorators: `this` is the request (or reply), so no
// function is made per request.
function requestFlash(this: FastifyRequest, ...args: unknown[]) {
  return flashOn((this as unknown as { session?: unknown }).session, args);
}

function replyFlash(this: FastifyReply, type?: string): FlashMessages | string[] {
  return flashOn((this.request as unknown as { session?: unknown }).session, type === undefined ? [] : [type]) as FlashMessages | string[];
}

/**
 * Flash messages for Fastify: `app.register(flash())` after `session()` or `cookieSession()`
 * decorates `request.flash(type, message)` / `request.flash(type)` / `request.flash()` with
 * connect-flash's semantics and, as @fastify/flash does, `reply.flash(type?)` to read (and
 * remove) them. Stored under `request.session.flash`; reading an empty flash writes nothing.
 *
 * @example
 * await app.register(session({ secret, store }));
 * await app.register(flash());
 * app.post('/save', async (request, reply) => { request.flash('info', 'Saved'); return reply.redirect('/'); });
 * app.get('/', async (request, reply) => ({ messages: reply.flash() }));
 */
export function flash(): FastifyPluginCallback {
  const plugin: FastifyPluginCallback = function satchelFlash(fastify, _opts, done) {
    if (!fastify.hasRequestDecorator('flash')) fastify.decorateRequest('flash', requestFlash as unknown as Flash);
    if (!fastify.hasReplyDecorator('flash')) fastify.decorateReply('flash', replyFlash as unknown as FlashReader);
    done();
  };
  return fp(plugin, { fastify: '5.x', name: 'satchel-flash' });
}
