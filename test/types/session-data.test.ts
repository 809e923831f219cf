import assert from 'node:assert/strict';
import type { Request } from 'express';
import { test } from 'node:test';
import type { RequestSession, SessionStore } from '../../src/index.js';

// Apps augment SessionData through the package name; inside the repo the same interface is
// reached through its source module (see the report on `declare module 'satchel'` after a build).
declare module '../../src/types.js' {
  interface SessionData {
    userId: string;
    cart: string[];
  }
}

// Type-level checks: compiled by `tsc --noEmit`; never called.
function typed(req: Request): void {
  const userId: string | undefined = req.session.userId;
  req.session.userId = 'u1';
  req.session.cart?.push('apple');
  // @ts-expect-error userId is a string
  req.session.userId = 42;
  // @ts-expect-error cart holds strings
  req.session.cart = [1];
  const id: string = req.sessionID;
  const store: SessionStore = req.sessionStore;
  const session: RequestSession = req.session;
  void [userId, id, store, session, req.session.save(), req.session.regenerate({ keep: ['cart'] }), req.session.login('u1')];
}

test('SessionData augmentation types req.session (checked by tsc)', () => {
  assert.equal(typeof typed, 'function');
});
