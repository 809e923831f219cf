import express from 'express';
import type { Express } from 'express';
import { fileURLToPath } from 'node:url';
import { csrf, flash, session } from '../src/index.js';
import type { SessionStore, SessionTimeouts } from '../src/index.js';
import { EventLog } from './events.js';
import { accountRoutes } from './routes/account.js';
import { cookieModeRoutes } from './routes/cookie-mode.js';
import { tutorialRoutes } from './routes/tutorial.js';
import './session-data.js';

/** What {@link createDemoApp} needs; see server.ts for where each part comes from. */
export interface DemoAppOptions {
  store: SessionStore;
  storeLabel: string;
  /** `session()` secrets, newest first. */
  secrets: string[];
  /** `cookieSession()` keys, newest first. */
  keys: string[];
  timeouts: SessionTimeouts;
}

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

/** The demo app: store mode on `/`, cookie mode on `/cookie`, events for both. */
export function createDemoApp(options: DemoAppOptions): Express {
  const app = express();
  const events = new EventLog();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // The pages load only their own CSS and script: a stored XSS would have nowhere to run.
    res.setHeader('Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
    next();
  });

  // Before session(): assets and the event feed need no session, and polling must not touch one.
  app.use('/assets', express.static(PUBLIC, { maxAge: 0 }));
  app.get('/events.json', (_req, res) => void res.json(events.list()));
  app.use(express.urlencoded({ extended: false, limit: '4kb' }));

  // Cookie mode owns /cookie entirely, so the store-mode middleware below never runs there.
  app.use('/cookie', cookieModeRoutes(options.keys, options.timeouts, events));

  // On plain http://localhost satchel names the cookie `sid` (no Secure); on HTTPS `__Host-sid`.
  // satchel's default touchAfter (60 s), but below the idle timeout when SATCHEL_IDLE_MS is short.
  const touchAfter = Math.min(60_000, Math.floor(options.timeouts.idle / 2));
  const sessions = session({ secret: options.secrets, store: options.store, timeouts: options.timeouts, touchAfter });
  events.watchStore(sessions);
  app.use(sessions);
  // connect-flash's req.flash, kept in the session: each form post below says what it did.
  app.use(flash());
  // After session() and express.urlencoded(): every POST below needs its session's token.
  app.use(csrf());
  app.get('/csrf-token', (req, res) => void res.json({ token: req.csrfToken() }));
  const ctx = { events, timeouts: options.timeouts, touchAfter, storeLabel: options.storeLabel };
  app.use(tutorialRoutes(ctx));
  app.use(accountRoutes(ctx));

  app.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    // Store down: satchel's error reaches here instead of a silently lost write. A refused
    // forgery is an answer, not a fault to log.
    if (err.code !== 'ERR_SESSION_CSRF') console.error(err);
    if (res.headersSent) return;
    const status = err.code === 'ERR_SESSION_CSRF' ? 403 : err.code === 'ERR_SESSION_STORE' || err.code === 'ERR_SESSION_STORE_TIMEOUT' ? 503 : 500;
    res.status(status).type('text').send(`${err.code ?? err.name}: ${err.message}`);
  });
  return app;
}
