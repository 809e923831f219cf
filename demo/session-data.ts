/**
 * The demo's session data, typed the way an app types its own: augment `SessionData` and
 * `req.session.name` etc. are typed everywhere. (An app writes `declare module 'satchel'`; the demo
 * runs from the source tree, so it names the source entry.)
 */
declare module '../src/index.js' {
  interface SessionData {
    name: string;
    'primary skill': string;
    skills: string[];
    /** Set at login; the demo's "who is this" marker. */
    user: { name: string };
  }
}

export {};
