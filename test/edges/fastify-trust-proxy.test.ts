/**
 * satchel/fastify reads HTTPS as Fastify's `request.protocol` says under `trustProxy`, but asks
 * Fastify's trust function once per socket (adapters/fastify/secure.ts), not on every request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { cookieSession, session, MemoryStore } from '../../src/fastify.js';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';

function get(port: number, agent: Agent, headers: Record<string, string>): Promise<{ cookies: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ cookies: res.headers['set-cookie'] ?? [], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

for (const mode of ['cookieSession', 'session'] as const) {
  for (const trusted of [true, false]) {
    test(`${mode}(): X-Forwarded-Proto ${trusted ? 'from a trusted' : 'from an untrusted'} peer, the trust function asked once per socket`, async () => {
      let asked = 0;
      const app = Fastify({
        trustProxy: (_address: string, hop: number) => {
          asked++;
          return trusted && hop === 0;
        },
      });
      // The untrusted rows warn about the ignored header, as they should: heard here, not printed.
      const warnings: string[] = [];
      const heard = (warning: { code: string }) => void warnings.push(warning.code);
      const plugin =
        mode === 'cookieSession'
          ? cookieSession({ keys: [generateSealKey()], name: 's' }).on('warning', heard)
          : session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }).on('warning', heard);
      await app.register(plugin);
      app.get('/', async (request) => {
        const s = request.session as unknown as Record<string, unknown>;
        s.n = ((s.n as number | undefined) ?? 0) + 1;
        return { protocol: request.protocol };
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const port = (app.server.address() as AddressInfo).port;
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await get(port, agent, { 'x-forwarded-proto': 'https' }));
        // The route's own request.protocol read asks once per request; satchel's reads add at most one per socket.
        assert.ok(asked <= answers.length + 1, `trust function asked ${asked} times for ${answers.length} requests on one socket`);
        assert.deepEqual(warnings, trusted ? [] : ['WARN_SESSION_FORWARDED_PROTO_IGNORED']);
        for (const { cookies, body } of answers) {
          assert.equal(JSON.parse(body).protocol, trusted ? 'https' : 'http');
          if (mode === 'cookieSession' || cookies.length > 0) {
            assert.equal(cookies.length, 1);
            assert.equal(/;\s*Secure/i.test(cookies[0]!), trusted, cookies[0]);
          }
        }
      } finally {
        agent.destroy();
        await app.close();
      }
    });
  }
}
