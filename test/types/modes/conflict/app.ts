// No SessionMode declared, and express-session's declarations in the program (through
// connect-redis's): express-session's `session` wins whichever import comes first, because
// satchel's fields are inherited and a declared property overrides an inherited one. With
// skipLibCheck off, tsc reports TS2430 against StoreSessionRequest: declare mode 'none'.
import { RedisStore } from 'connect-redis';
import express from 'express';
import { fromExpressStore, session, sessionOf } from '../../../../src/index.js';

declare const redisStore: RedisStore;
const app = express();
app.use(session({ secret: 'a-secret-long-enough-for-the-type-test-only-0123', store: fromExpressStore(redisStore) }));
app.post('/login', async (req, res) => {
  // @ts-expect-error login() is not in express-session's declaration
  void req.session.login;
  req.session.regenerate((err: unknown) => void err);
  await sessionOf(req).login('u1');
  res.end();
});
