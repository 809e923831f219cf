// A mode satchel does not know: req.session's type carries the fix instead of falling back
// to session()'s fields, which would hide the typo.
import express from 'express';
import { cookieSession } from '../../../../src/index.js';

declare module '../../../../src/index.js' {
  interface SessionMode { mode: 'cookies' }
}

const app = express();
app.use(cookieSession({ keys: ['Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE'] }));
app.post('/', (req, res) => {
  const hint: "satchel: SessionMode's mode must be 'session', 'cookie' or 'none'" = req.session;
  // @ts-expect-error no session API under an unknown mode
  void req.session.isNew;
  res.end(hint);
});
