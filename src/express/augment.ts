import type { SessionData, SessionStore } from '../types.js';
import type { Session } from './session.js';

/** `req.session`: the session object plus the app's {@link SessionData} keys (optional until set). */
export type RequestSession = Session & Partial<SessionData>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The session of this request (`session()` or `cookieSession()`). Never undefined after the middleware ran. */
      get session(): RequestSession;
      /** Assign `null` to end the session: `unset` decides for `session()`, `cookieSession()` clears its cookie. */
      set session(value: RequestSession | null);
      /** The id of `req.session` (never logged by satchel; treat it as a secret). */
      sessionID: string;
      /** The store `session()` uses. */
      sessionStore: SessionStore;
    }
  }
}
